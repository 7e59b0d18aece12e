package io.ivantiscim.scim;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ForbiddenException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.provisioning.Cursors;

/** Discovery endpoints (RFC 7644 §4): what the bridge supports and the shape of its resources. */
@Path("/scim/v2")
@Produces({ScimJson.MEDIA_TYPE, "application/json"})
public class DiscoveryResource {

    private final SchemaRegistry registry;
    private final ScimLocations locations;
    private final BridgeConfig config;
    private final Cursors cursors;

    DiscoveryResource(SchemaRegistry registry, ScimLocations locations, BridgeConfig config, Cursors cursors) {
        this.cursors = cursors;
        this.registry = registry;
        this.locations = locations;
        this.config = config;
    }

    @GET
    @Path("ServiceProviderConfig")
    public ObjectNode serviceProviderConfig(@Context UriInfo uriInfo, @QueryParam("filter") String filter)
            throws ScimException {
        rejectFilter(filter);
        ObjectNode spc = registry.serviceProviderConfig();
        if (spc.path("filter").path("supported").asBoolean()) {
            spc.withObjectProperty("filter").put("maxResults", config.scim().maxResults());
        }
        // RFC 9865 §4. Index stays the default (§2.4: clients that send neither parameter expect index paging).
        spc.putObject("pagination").put("cursor", true).put("index", true).put("defaultPaginationMethod", "index")
                .put("defaultPageSize", Math.min(config.scim().defaultCount(), config.scim().maxResults()))
                .put("maxPageSize", config.scim().maxResults()).put("cursorTimeout", cursors.timeoutSeconds());
        // RFC 7643 §5: the limits BulkResource enforces, so a client can size its requests.
        spc.withObjectProperty("bulk").put("supported", true)
                .put("maxOperations", config.scim().bulk().maxOperations())
                .put("maxPayloadSize", BulkResource.maxPayloadSize(config));
        return withMeta(spc, "ServiceProviderConfig", locations.base(uriInfo) + "/ServiceProviderConfig");
    }

    @GET
    @Path("Schemas")
    public ListResponse<ObjectNode> schemas(@Context UriInfo uriInfo, @QueryParam("filter") String filter)
            throws ScimException {
        rejectFilter(filter);
        String base = locations.base(uriInfo);
        return list(registry.schemas().stream().map(s -> schemaWithMeta(s, base)).toList());
    }

    @GET
    @Path("Schemas/{id}")
    public ObjectNode schema(@Context UriInfo uriInfo, @PathParam("id") String id) throws ScimException {
        return registry.schema(id).map(s -> schemaWithMeta(s, locations.base(uriInfo)))
                .orElseThrow(() -> new ResourceNotFoundException(
                        "No schema with id '" + id + "'; GET /Schemas lists them."));
    }

    @GET
    @Path("ResourceTypes")
    public ListResponse<ObjectNode> resourceTypes(@Context UriInfo uriInfo, @QueryParam("filter") String filter)
            throws ScimException {
        rejectFilter(filter);
        String base = locations.base(uriInfo);
        return list(registry.resourceTypes().stream().map(r -> resourceTypeWithMeta(r, base)).toList());
    }

    @GET
    @Path("ResourceTypes/{id}")
    public ObjectNode resourceType(@Context UriInfo uriInfo, @PathParam("id") String id) throws ScimException {
        return registry.resourceType(id).map(r -> resourceTypeWithMeta(r, locations.base(uriInfo)))
                .orElseThrow(() -> new ResourceNotFoundException(
                        "No resource type with id '" + id + "'; GET /ResourceTypes lists them."));
    }

    /** RFC 7644 §4: a filter on a discovery endpoint SHOULD be answered with 403. */
    private static void rejectFilter(String filter) throws ScimException {
        if (filter != null) {
            throw new ForbiddenException("Discovery endpoints do not support filtering (RFC 7644 §4).");
        }
    }

    private static ObjectNode schemaWithMeta(ObjectNode schema, String base) {
        schema.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        return withMeta(schema, "Schema", base + "/Schemas/" + schema.path("id").asText());
    }

    private static ObjectNode resourceTypeWithMeta(ObjectNode resourceType, String base) {
        return withMeta(resourceType, "ResourceType", base + "/ResourceTypes/" + resourceType.path("id").asText());
    }

    private static ObjectNode withMeta(ObjectNode node, String resourceType, String location) {
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", resourceType);
        meta.put("location", location);
        return node;
    }

    private static ListResponse<ObjectNode> list(List<ObjectNode> resources) {
        return new ListResponse<>(resources.size(), resources, 1, resources.size());
    }
}
