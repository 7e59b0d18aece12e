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
import com.unboundid.scim2.common.messages.SearchRequest;
import com.unboundid.scim2.common.messages.SortOrder;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.provisioning.GroupService;
import io.ivantiscim.provisioning.UserSearch;
import io.ivantiscim.provisioning.UserService;

/** {@code /scim/v2/Users} (RFC 7644 §3): parse and validate, call {@link UserService}, shape the response. */
@Path("/scim/v2/Users")
@Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Consumes(MediaType.WILDCARD)
public class UsersResource {

    private final UserService users;
    private final GroupService groups;
    private final ScimRequestReader reader;
    private final ScimLocations locations;
    private final BridgeConfig config;

    UsersResource(UserService users, GroupService groups, ScimRequestReader reader, ScimLocations locations,
            BridgeConfig config) {
        this.users = users;
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
        UserSearch search = search(filter, integer("startIndex", startIndex), integer("count", count), sortBy,
                sortOrder);
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        return project(withGroups(users.search(search, base(uri)), projection, uri), projection);
    }

    @POST
    @Path(".search")
    public ListResponse<GenericScimResource> search(@Context UriInfo uri, String body) throws ScimException {
        SearchRequest request = reader.message(reader.object(body), SearchRequest.class, "SearchRequest");
        UserSearch search = search(request.getFilter(), request.getStartIndex(), request.getCount(),
                request.getSortBy(), request.getSortOrder() == null ? null : request.getSortOrder().getName());
        AttributeProjection projection = new AttributeProjection(paths(request.getAttributes()),
                paths(request.getExcludedAttributes()));
        return project(withGroups(users.search(search, base(uri)), projection, uri), projection);
    }

    @GET
    @Path("{id}")
    public Response get(@Context UriInfo uri, @PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excludedAttributes) throws ScimException {
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        GenericScimResource user = users.get(id, base(uri));
        if (wantsGroups(projection)) {
            user.getObjectNode().set("groups", groups.groupsOf(user.getId(), groupsBase(uri)));
        }
        return resource(Response.ok(), user, projection);
    }

    @POST
    public Response create(@Context UriInfo uri, String body) throws ScimException {
        GenericScimResource created = users.create(reader.resource(body), base(uri));
        return resource(Response.status(201).header(HttpHeaders.LOCATION, created.getMeta().getLocation()),
                created, AttributeProjection.DEFAULT);
    }

    @PUT
    @Path("{id}")
    public Response replace(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) throws ScimException {
        return resource(Response.ok(), users.replace(id, reader.resource(body), ifMatch, base(uri)),
                AttributeProjection.DEFAULT);
    }

    @PATCH
    @Path("{id}")
    public Response patch(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) throws ScimException {
        return resource(Response.ok(), users.patch(id, reader.object(body), ifMatch, base(uri)),
                AttributeProjection.DEFAULT);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) throws ScimException {
        users.delete(id, ifMatch, base(uri));
        return Response.noContent().build();
    }

    private UserSearch search(Object filter, Integer startIndex, Integer count, String sortBy, String sortOrder)
            throws ScimException {
        Filter parsed;
        try {
            parsed = filter == null || filter.toString().isBlank()
                    ? null
                    : filter instanceof Filter f ? f : ODataFilterTranslator.parseFilter(filter.toString());
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

    private static List<com.unboundid.scim2.common.Path> paths(java.util.Set<String> names)
            throws BadRequestException {
        List<com.unboundid.scim2.common.Path> paths = new ArrayList<>();
        if (names != null) {
            for (String name : names) {
                paths.add(com.unboundid.scim2.common.Path.fromString(name));
            }
        }
        return paths;
    }

    private static ListResponse<GenericScimResource> project(ListResponse<GenericScimResource> list,
            AttributeProjection projection) throws ScimException {
        if (projection.attributes().isEmpty() && projection.excluded().isEmpty()) {
            return list;
        }
        List<GenericScimResource> projected = new ArrayList<>(list.getResources().size());
        for (GenericScimResource resource : list.getResources()) {
            projected.add(projection.apply(resource));
        }
        return new ListResponse<>(list.getTotalResults(), projected, list.getStartIndex(), list.getItemsPerPage());
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

    /**
     * The read-only {@code groups} attribute is {@code returned: request} (scim-schemas/User.json): it costs Ivanti
     * calls, so it is read only when {@code attributes} names it, and for a list once for all users, never per user.
     */
    private static boolean wantsGroups(AttributeProjection projection) {
        return projection.attributes().stream()
                .anyMatch(p -> !p.isRoot() && p.getElement(0).getAttribute().equalsIgnoreCase("groups"));
    }

    private ListResponse<GenericScimResource> withGroups(ListResponse<GenericScimResource> list,
            AttributeProjection projection, UriInfo uri) throws ScimException {
        if (!wantsGroups(projection) || list.getResources().isEmpty()) {
            return list;
        }
        java.util.Map<String, com.fasterxml.jackson.databind.node.ArrayNode> byUser = groups.groupsOf(
                list.getResources().stream().map(GenericScimResource::getId).toList(), groupsBase(uri));
        list.getResources().forEach(u -> u.getObjectNode().set("groups", byUser.get(u.getId())));
        return list;
    }

    private String groupsBase(UriInfo uri) {
        return locations.base(uri) + "/Groups";
    }

    private String base(UriInfo uri) {
        return locations.base(uri) + "/Users";
    }
}
