package io.ivantiscim.mapping;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.CaseIgnoreObjectNode;
import com.unboundid.scim2.common.utils.MapperFactory;

/**
 * The application's one {@link ObjectMapper} for SCIM JSON, built from the SCIM SDK's own configuration: its object
 * nodes match attribute names case-insensitively (RFC 7643 §2.1), so the SDK's filter evaluation and PATCH paths work
 * whatever case an IdP sends, and it writes no nulls. {@code scim.ScimJson} hands the same instance to CDI, so the
 * REST layer reads and writes with it too. It lives here, below {@code scim/}, because the mappers build SCIM JSON.
 */
public final class ScimMapper {

    /** The mapper; thread-safe once built. */
    public static final ObjectMapper MAPPER = new MapperFactory().createBuilder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .build();

    private ScimMapper() {
    }

    /**
     * A case-insensitive deep copy of {@code node}: a plain copy when it already is one of the SDK's case-ignoring
     * nodes (everything this mapper reads or builds), else re-read through this mapper, without serialising it.
     */
    public static ObjectNode copy(ObjectNode node) throws BadRequestException {
        if (node instanceof CaseIgnoreObjectNode) {
            return node.deepCopy();
        }
        try {
            return MAPPER.readValue(MAPPER.treeAsTokens(node), ObjectNode.class);
        } catch (IOException e) {
            throw BadRequestException.invalidSyntax("The body is not valid JSON");
        }
    }
}
