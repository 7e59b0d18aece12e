package io.ivantiscim.scim;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

/**
 * Reads SCIM request bodies with the SDK's mapper and turns every way a body can be broken into a 400
 * {@code invalidSyntax} that says where (RFC 7644 §3.12). Bodies are read as {@link GenericScimResource}s, never as
 * typed resources, because the typed ones reject the extra attributes real IdPs send (docs/build-notes.md pitfall 3).
 */
@ApplicationScoped
public class ScimRequestReader {

    private final ObjectMapper mapper;

    ScimRequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A JSON object body. */
    public ObjectNode object(String body) throws BadRequestException {
        if (body == null || body.isBlank()) {
            throw BadRequestException.invalidSyntax("The request body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw BadRequestException.invalidSyntax("The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): "
                    + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw BadRequestException.invalidSyntax("The request body must be a JSON object, not " + node.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return object;
    }

    /** A resource body (POST, PUT). */
    public GenericScimResource resource(String body) throws BadRequestException {
        return new GenericScimResource(object(body));
    }

    /** A body converted to an SDK message type (PatchRequest, SearchRequest). */
    public <T> T message(ObjectNode body, Class<T> type, String what) throws ScimException {
        try {
            return mapper.treeToValue(body, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The SDK reports a bad PATCH path as a ScimException inside Jackson's; keep its scimType (invalidPath).
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ScimException scim) {
                    throw scim;
                }
            }
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw BadRequestException.invalidSyntax("The body is not a valid " + what + ": " + reason);
        }
    }
}
