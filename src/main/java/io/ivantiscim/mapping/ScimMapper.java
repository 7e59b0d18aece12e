package io.ivantiscim.mapping;

import java.io.IOException;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
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

    /**
     * Deepest JSON nesting read. A SCIM resource nests four levels (a Bulk request about eight); the limit keeps every
     * recursive walk of a body (null removal, copies, the SDK's PATCH) far from the stack's end (issue 15 item 6).
     */
    public static final int MAX_NESTING_DEPTH = 64;

    /**
     * The mapper; thread-safe once built. A duplicate key is an error rather than "last wins": a body that says two
     * things about one attribute is ambiguous, and neither IdP sends one (docs/idp-contracts.md §4.10).
     */
    public static final ObjectMapper MAPPER = strict(new MapperFactory().createBuilder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private ScimMapper() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        return mapper;
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
