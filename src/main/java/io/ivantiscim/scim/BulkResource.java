package io.ivantiscim.scim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.bulk.BulkOperation;
import com.unboundid.scim2.common.bulk.BulkRequest;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.provisioning.BulkService;

/**
 * {@code POST /scim/v2/Bulk} (RFC 7644 §3.7): reads the BulkRequest with the SDK's bulk model, enforces
 * {@code maxOperations} and {@code maxPayloadSize} (413, RFC 7644 §3.7.4), and hands the operations to
 * {@link BulkService}. The bearer token, rate limit and body limit of every SCIM request apply first (the SCIM
 * filter); a bulk counts as one request toward the inbound rate limit, its operations' Ivanti calls toward the
 * outbound limits. A malformed operation makes the whole request a 400 before anything is written.
 */
@Path("/scim/v2/Bulk")
@Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Consumes(MediaType.WILDCARD)
public class BulkResource {

    /** The schema of a bulk request body (RFC 7644 §3.7). */
    static final String BULK_REQUEST_URN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    private final BulkService bulks;
    private final ScimRequestReader reader;
    private final ScimLocations locations;
    private final ObjectMapper mapper;
    private final BridgeConfig config;

    BulkResource(BulkService bulks, ScimRequestReader reader, ScimLocations locations, ObjectMapper mapper,
            BridgeConfig config) {
        this.bulks = bulks;
        this.reader = reader;
        this.locations = locations;
        this.mapper = mapper;
        this.config = config;
    }

    @POST
    public Response bulk(@Context UriInfo uri, String body) throws ScimException {
        return Response.ok(bulks.run(read(body), locations.base(uri))).type(ScimJson.MEDIA_TYPE).build();
    }

    /** The payload limit in force and advertised: a bulk body is a SCIM body too, so the smaller of the two. */
    static int maxPayloadSize(BridgeConfig config) {
        return Math.min(config.scim().bulk().maxPayloadBytes(), config.scim().maxBodyBytes());
    }

    private BulkRequest read(String body) throws ScimException {
        int maxPayload = maxPayloadSize(config);
        long size = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxPayload) {
            throw new ScimException(413, null, "The bulk request is " + size + " bytes, more than the maxPayloadSize "
                    + "of " + maxPayload + " bytes in /ServiceProviderConfig (bridge.scim.bulk.max-payload-bytes). "
                    + "Send the operations in smaller requests.");
        }
        ObjectNode envelope = reader.object(body);
        if (!namesBulkRequest(envelope.get("schemas"))) {
            throw BadRequestException.invalidSyntax("A bulk body must be a BulkRequest message: \"schemas\": [\""
                    + BULK_REQUEST_URN + "\"] (RFC 7644 §3.7)");
        }
        JsonNode operations = envelope.get("Operations");
        if (operations == null || !operations.isArray()) {
            throw BadRequestException.invalidSyntax("A BulkRequest needs an 'Operations' array (RFC 7644 §3.7).");
        }
        int maxOperations = config.scim().bulk().maxOperations();
        if (operations.size() > maxOperations) {
            throw new ScimException(413, null, "The bulk request has " + operations.size() + " operations, more "
                    + "than the maxOperations of " + maxOperations + " in /ServiceProviderConfig "
                    + "(bridge.scim.bulk.max-operations). Send them in several requests.");
        }
        JsonNode failOnErrors = envelope.get("failOnErrors");
        if (failOnErrors != null && !failOnErrors.isNull() && (!failOnErrors.canConvertToInt()
                || !failOnErrors.isIntegralNumber() || failOnErrors.intValue() < 1)) {
            throw BadRequestException.invalidValue("failOnErrors must be a positive integer (the number of failed "
                    + "operations after which the bulk stops, RFC 7644 §3.7.3), not " + failOnErrors + ".");
        }
        List<BulkOperation> parsed = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            parsed.add(operation(operations.get(i), i));
        }
        return new BulkRequest(failOnErrors == null || failOnErrors.isNull() ? null : failOnErrors.intValue(),
                parsed);
    }

    /** One operation, parsed by the SDK ({@code method}, {@code path}, {@code bulkId}, {@code version}, {@code data}). */
    private BulkOperation operation(JsonNode node, int index) throws ScimException {
        String where = "Operations[" + index + "]";
        if (!(node instanceof ObjectNode)) {
            throw BadRequestException.invalidSyntax(where + " must be a JSON object.");
        }
        try {
            return mapper.treeToValue(node, BulkOperation.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String scimType = BadRequestException.INVALID_SYNTAX;
            Throwable root = e;
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ScimException scim) {
                    // A PATCH path the SDK cannot parse keeps its scimType (invalidPath).
                    scimType = scim.getScimError().getScimType();
                }
                root = cause;
            }
            String reason = root instanceof JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
            throw new ScimException(400, scimType, where + " is not a valid bulk operation (RFC 7644 §3.7): "
                    + reason);
        }
    }

    private static boolean namesBulkRequest(JsonNode schemas) {
        if (schemas == null || !schemas.isArray()) {
            return false;
        }
        for (JsonNode s : schemas) {
            if (s.asText().equalsIgnoreCase(BULK_REQUEST_URN)) {
                return true;
            }
        }
        return false;
    }
}
