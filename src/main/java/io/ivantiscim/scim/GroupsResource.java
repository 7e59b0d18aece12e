package io.ivantiscim.scim;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SortOrder;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.provisioning.GroupService;
import io.ivantiscim.provisioning.UserSearch;

/**
 * {@code /scim/v2/Groups} (RFC 7644 §3) over Ivanti teams or roles: parse and validate, call {@link GroupService},
 * shape the response. Members are read only when the response carries them, so Entra's
 * {@code excludedAttributes=members} costs no membership call. PATCH answers 204 as Entra expects (idp-contracts
 * Entra 16), or 200 with the group when the request asks for attributes.
 */
@Path("/scim/v2/Groups")
@Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Consumes(MediaType.WILDCARD)
public class GroupsResource {

    private final GroupService groups;
    private final ScimRequestReader reader;
    private final ScimLocations locations;
    private final BridgeConfig config;

    GroupsResource(GroupService groups, ScimRequestReader reader, ScimLocations locations, BridgeConfig config) {
        this.groups = groups;
        this.reader = reader;
        this.locations = locations;
        this.config = config;
    }

    @GET
    public ListResponse<GenericScimResource> list(@Context UriInfo uri, @QueryParam("filter") String filter,
            @QueryParam("startIndex") String startIndex, @QueryParam("count") String count,
            @QueryParam("sortBy") String sortBy, @QueryParam("sortOrder") String sortOrder,
            @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excludedAttributes)
            throws ScimException {
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        UserSearch search = search(filter, integer("startIndex", startIndex), integer("count", count), sortBy,
                sortOrder);
        ListResponse<GenericScimResource> list = groups.search(search, !projection.excludes("members"), base(uri));
        if (projection.attributes().isEmpty() && projection.excluded().isEmpty()) {
            return list;
        }
        List<GenericScimResource> projected = new ArrayList<>(list.getResources().size());
        for (GenericScimResource resource : list.getResources()) {
            projected.add(projection.apply(resource));
        }
        return new ListResponse<>(list.getTotalResults(), projected, list.getStartIndex(), list.getItemsPerPage());
    }

    @GET
    @Path("{id}")
    public Response get(@Context UriInfo uri, @PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excludedAttributes) throws ScimException {
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        return resource(Response.ok(), groups.get(id, !projection.excludes("members"), base(uri)), projection);
    }

    @POST
    public Response create(@Context UriInfo uri, String body) throws ScimException {
        GenericScimResource created = groups.create(reader.resource(body), base(uri));
        return resource(Response.status(201).header(HttpHeaders.LOCATION, created.getMeta().getLocation()),
                created, AttributeProjection.DEFAULT);
    }

    @PUT
    @Path("{id}")
    public Response replace(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) throws ScimException {
        return resource(Response.ok(), groups.replace(id, reader.resource(body), ifMatch, base(uri)),
                AttributeProjection.DEFAULT);
    }

    @PATCH
    @Path("{id}")
    public Response patch(@Context UriInfo uri, @PathParam("id") String id,
            @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excludedAttributes,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) throws ScimException {
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        GenericScimResource patched = groups.patch(id, reader.object(body), ifMatch, base(uri));
        if (projection.attributes().isEmpty() && projection.excluded().isEmpty()) {
            // Entra: "Group PATCH → 204"; returning the member list is discouraged (idp-contracts Entra 16).
            return Response.noContent().build();
        }
        return resource(Response.ok(), patched, projection);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch)
            throws ScimException {
        groups.delete(id, ifMatch);
        return Response.noContent().build();
    }

    private UserSearch search(String filter, Integer startIndex, Integer count, String sortBy, String sortOrder)
            throws ScimException {
        Filter parsed;
        try {
            parsed = filter == null || filter.isBlank() ? null : ODataFilterTranslator.parseFilter(filter);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidFilter("The filter cannot be parsed: " + e.getMessage());
        }
        // RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0; above the maximum is the maximum.
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int max = config.scim().maxResults();
        int size = count == null ? Math.min(config.scim().defaultCount(), max) : Math.max(0, Math.min(count, max));
        SortOrder order = sortOrder == null || sortOrder.isBlank() ? SortOrder.ASCENDING : switch (sortOrder.trim()) {
            case "ascending" -> SortOrder.ASCENDING;
            case "descending" -> SortOrder.DESCENDING;
            default -> throw BadRequestException.invalidValue("sortOrder must be 'ascending' or 'descending'.");
        };
        return new UserSearch(parsed, start, size,
                sortBy == null || sortBy.isBlank() ? null : com.unboundid.scim2.common.Path.fromString(sortBy), order);
    }

    private static Integer integer(String name, String value) throws BadRequestException {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidValue(name + " must be an integer, not '" + value + "'.");
        }
    }

    private static Response resource(Response.ResponseBuilder builder, GenericScimResource resource,
            AttributeProjection projection) throws ScimException {
        String version = resource.getMeta() == null ? null : resource.getMeta().getVersion();
        if (version != null) {
            boolean weak = version.startsWith("W/");
            String tag = weak ? version.substring(2) : version;
            builder.tag(new EntityTag(tag.replace("\"", ""), weak));
        }
        return builder.type(ScimJson.MEDIA_TYPE).entity(projection.apply(resource)).build();
    }

    private String base(UriInfo uri) {
        return locations.base(uri) + "/Groups";
    }
}
