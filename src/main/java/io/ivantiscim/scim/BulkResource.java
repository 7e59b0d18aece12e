package io.ivantiscim.scim;

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
import com.unboundid.scim2.common.bulk.BulkOpType;
import com.unboundid.scim2.common.bulk.BulkOperation;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.provisioning.BulkService;

/**
 * {@code POST /scim/v2/Bulk} (RFC 7644 §3.7): reads the BulkRequest with the SDK's bulk model, enforces
 * {@code maxOperations} and {@code maxPayloadSize} (413, RFC 7644 §3.7.4), and hands the operations to
 * {@link BulkService}. The bearer token, rate limit and body limit of every SCIM request apply first (the SCIM
 * filter); a bulk counts as one request toward the inbound rate limit, its operations' Ivanti calls toward the
 * outbound limits. A malformed operation envelope (method, path, bulkId, version) makes the whole request a 400
 * before anything is written; what an operation's {@code data} says is checked by the service call it makes, as for
 * the single request, and a refusal there is that operation's error in the response.
 * <p>
 * The body is read by {@link ScimRequestReader} like every SCIM body (bytes read, UTF-8, duplicate keys, nesting).
 * A PATCH operation's {@code data} is kept as received rather than parsed by the SDK's bulk model, which refuses what
 * the single PATCH reads ({@code "value": null}) and fails the whole bulk for one operation's mistake (no
 * {@code Operations}), ahead of the single PATCH's own checks.
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
    public Response bulk(@Context UriInfo uri, byte[] body) throws ScimException {
        ObjectNode envelope = read(body);
        JsonNode failOnErrors = envelope.get("failOnErrors");
        return Response.ok(bulks.run(operations(envelope.get("Operations")), failOnErrors == null || failOnErrors
                .isNull() ? Integer.MAX_VALUE : failOnErrors.intValue(), locations.base(uri)))
                .type(ScimJson.MEDIA_TYPE).build();
    }

    /** The payload limit in force and advertised: a bulk body is a SCIM body too, so the smaller of the two. */
    static int maxPayloadSize(BridgeConfig config) {
        return Math.min(config.scim().bulk().maxPayloadBytes(), config.scim().maxBodyBytes());
    }

    /** The BulkRequest message, its limits and {@code failOnErrors} checked. */
    private ObjectNode read(byte[] body) throws ScimException {
        int maxPayload = maxPayloadSize(config);
        long size = body == null ? 0 : body.length;
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
        return envelope;
    }

    private List<BulkService.Operation> operations(JsonNode operations) throws ScimException {
        List<BulkService.Operation> parsed = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            parsed.add(operation(operations.get(i), i));
        }
        return parsed;
    }

    /**
     * One operation: its envelope parsed by the SDK ({@code method}, {@code path}, {@code bulkId}, {@code version}),
     * its {@code data} as received.
     */
    private BulkService.Operation operation(JsonNode node, int index) throws ScimException {
        String where = "Operations[" + index + "]";
        if (!(node instanceof ObjectNode object)) {
            throw BadRequestException.invalidSyntax(where + " must be a JSON object.");
        }
        JsonNode data = object.get("data");
        ObjectNode envelope = object;
        if (data instanceof ObjectNode && BulkOpType.PATCH.name().equalsIgnoreCase(object.path("method").asText())) {
            envelope = object.deepCopy();
            envelope.putObject("data").putArray("Operations");
        }
        try {
            return new BulkService.Operation(mapper.treeToValue(envelope, BulkOperation.class),
                    data instanceof ObjectNode o ? o : null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String reason = root instanceof JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
            throw BadRequestException.invalidSyntax(where + " is not a valid bulk operation (RFC 7644 §3.7): "
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
