package io.ivantiscim.scim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.mapping.ScimMapper;

/**
 * Reads SCIM request bodies with the SDK's mapper and turns every way a body can be broken into a 400
 * {@code invalidSyntax} that says where (RFC 7644 §3.12). Bodies are read as {@link GenericScimResource}s, never as
 * typed resources, because the typed ones reject the extra attributes real IdPs send (docs/build-notes.md pitfall 3).
 * <p>
 * Bodies arrive as the bytes actually received, so {@code bridge.scim.max-body-bytes} holds for chunked bodies too
 * (a {@code Content-Length} is checked earlier, in {@link ScimRequestFilter}), and they must be UTF-8 (RFC 8259 §8.1;
 * both IdPs send UTF-8, docs/idp-contracts.md §4.10): a malformed sequence is refused rather than silently replaced.
 * Duplicate keys and nesting deeper than {@link ScimMapper#MAX_NESTING_DEPTH} are refused by the
 * mapper itself.
 */
@ApplicationScoped
public class ScimRequestReader {

    private final ObjectMapper mapper;
    private final BridgeConfig config;

    ScimRequestReader(ObjectMapper mapper, BridgeConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    /** A JSON object body, as received. */
    public ObjectNode object(byte[] body) throws ScimException {
        int max = config.scim().maxBodyBytes();
        if (body != null && body.length > max) {
            throw new ScimException(413, null, "The request body is larger than the " + max
                    + " bytes this bridge accepts (bridge.scim.max-body-bytes).");
        }
        if (body == null || !plainAscii(body)) {
            return object(body == null ? null : utf8(body));
        }
        // Plain ASCII is UTF-8 as it is: parsed from the bytes, without the decoded copy (issue 14).
        return parse(body.length == 0 || isBlank(body) ? null : body, mapper::readTree);
    }

    /** A JSON object body. */
    public ObjectNode object(String body) throws BadRequestException {
        return parse(body == null || body.isBlank() ? null : body, mapper::readTree);
    }

    /**
     * True when every byte is ASCII other than NUL: such a body is valid UTF-8, and Jackson reads it as UTF-8 (its
     * UTF-16/32 detection looks for zero bytes), exactly as the decoded text would read.
     */
    static boolean plainAscii(byte[] body) {
        for (byte b : body) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] ascii) {
        for (byte b : ascii) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** Jackson's read of one body form. */
    @FunctionalInterface
    private interface Reader<T> {

        JsonNode read(T body) throws IOException;
    }

    private static <T> ObjectNode parse(T body, Reader<T> reader) throws BadRequestException {
        if (body == null) {
            throw BadRequestException.invalidSyntax("The request body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = reader.read(body);
        } catch (StreamConstraintsException e) {
            throw BadRequestException.invalidSyntax("The request body nests JSON more than "
                    + ScimMapper.MAX_NESTING_DEPTH + " levels deep.");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw BadRequestException.invalidSyntax("The request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            // Not thrown for an in-memory body; a read of one fails only as JsonProcessingException.
            throw BadRequestException.invalidSyntax("The request body could not be read as JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw BadRequestException.invalidSyntax("The request body must be a JSON object, not " + node.getNodeType()
                    .toString().toLowerCase(Locale.ROOT) + ".");
        }
        return object;
    }

    /** A resource body (POST, PUT). */
    public GenericScimResource resource(byte[] body) throws ScimException {
        return new GenericScimResource(object(body));
    }

    /**
     * A body converted to an SDK message type (PatchRequest, SearchRequest). A {@code filter} or {@code sortBy} is
     * checked for nesting first: the SDK parses them while converting, recursively.
     */
    public <T> T message(ObjectNode body, Class<T> type, String what) throws ScimException {
        if (body.path("filter").isTextual()) {
            ODataFilterTranslator.checkNesting(body.get("filter").asText(), "filter");
        }
        for (String key : new String[]{"sortBy", "attributes", "excludedAttributes"}) {
            JsonNode value = body.path(key);
            for (JsonNode v : value.isArray() ? value : java.util.List.of(value)) {
                if (v.isTextual()) {
                    ODataFilterTranslator.checkNesting(v.asText(), "attribute path");
                }
            }
        }
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

    private static String utf8(byte[] body) throws BadRequestException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw BadRequestException.invalidSyntax("The request body is not valid UTF-8 (at byte " + in.position()
                    + "); SCIM bodies are UTF-8 JSON (RFC 8259 §8.1).");
        }
    }
}
