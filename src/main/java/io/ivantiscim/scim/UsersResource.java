package io.ivantiscim.scim;

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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SearchRequest;

import io.ivantiscim.provisioning.GroupService;
import io.ivantiscim.provisioning.ListQuery;
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
    private final ScimRequests requests;

    UsersResource(UserService users, GroupService groups, ScimRequestReader reader, ScimLocations locations,
            ScimRequests requests) {
        this.users = users;
        this.groups = groups;
        this.reader = reader;
        this.locations = locations;
        this.requests = requests;
    }

    @GET
    public ListResponse<GenericScimResource> list(@Context UriInfo uri, @QueryParam("filter") String filter,
            @QueryParam("startIndex") String startIndex, @QueryParam("count") String count,
            @QueryParam("sortBy") String sortBy, @QueryParam("sortOrder") String sortOrder,
            @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excludedAttributes)
            throws ScimException {
        ListQuery search = requests.search("Users", filter, ScimRequests.integer("startIndex", startIndex),
                ScimRequests.integer("count", count), sortBy, sortOrder, ScimRequests.cursor(uri));
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        return ScimRequests.project(withGroups(users.search(search, base(uri)), projection, uri), projection);
    }

    @POST
    @Path(".search")
    public ListResponse<GenericScimResource> search(@Context UriInfo uri, byte[] body) throws ScimException {
        SearchRequest request = reader.message(reader.object(body), SearchRequest.class, "SearchRequest");
        ListQuery search = requests.search("Users", request);
        AttributeProjection projection = ScimRequests.projection(request);
        return ScimRequests.project(withGroups(users.search(search, base(uri)), projection, uri), projection);
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
        return ScimRequests.resource(Response.ok(), user, projection);
    }

    @POST
    public Response create(@Context UriInfo uri, byte[] body) throws ScimException {
        return ScimRequests.created(users.create(reader.resource(body), base(uri)));
    }

    @PUT
    @Path("{id}")
    public Response replace(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, byte[] body) throws ScimException {
        return ScimRequests.resource(Response.ok(), users.replace(id, reader.resource(body), ifMatch, base(uri)),
                AttributeProjection.DEFAULT);
    }

    @PATCH
    @Path("{id}")
    public Response patch(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, byte[] body) throws ScimException {
        return ScimRequests.resource(Response.ok(), users.patch(id, reader.object(body), ifMatch, base(uri)),
                AttributeProjection.DEFAULT);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) throws ScimException {
        users.delete(id, ifMatch, base(uri));
        return Response.noContent().build();
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
