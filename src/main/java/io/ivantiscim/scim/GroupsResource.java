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

/**
 * {@code /scim/v2/Groups} (RFC 7644 §3) over Ivanti teams or roles: parse and validate, call {@link GroupService},
 * shape the response. Members are read only when the response carries them, so Entra's
 * {@code excludedAttributes=members} costs no membership call. PATCH answers 204 as Entra expects (docs/idp-contracts.md
 * §3.16, RFC 7644 §3.5.2), or 200 with the group when the request asks for attributes; the members are read only when
 * that answer shows them.
 */
@Path("/scim/v2/Groups")
@Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Consumes(MediaType.WILDCARD)
public class GroupsResource {

    private final GroupService groups;
    private final ScimRequestReader reader;
    private final ScimLocations locations;
    private final ScimRequests requests;

    GroupsResource(GroupService groups, ScimRequestReader reader, ScimLocations locations, ScimRequests requests) {
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
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        ListQuery search = requests.search("Groups", filter, ScimRequests.integer("startIndex", startIndex),
                ScimRequests.integer("count", count), sortBy, sortOrder, ScimRequests.cursor(uri));
        return ScimRequests.project(groups.search(search, !projection.excludes("members"), base(uri)), projection);
    }

    /** RFC 7644 §3.4.3: the same query as a POST body. */
    @POST
    @Path(".search")
    public ListResponse<GenericScimResource> search(@Context UriInfo uri, byte[] body) throws ScimException {
        SearchRequest request = reader.message(reader.object(body), SearchRequest.class, "SearchRequest");
        ListQuery search = requests.search("Groups", request);
        AttributeProjection projection = ScimRequests.projection(request);
        return ScimRequests.project(groups.search(search, !projection.excludes("members"), base(uri)), projection);
    }

    @GET
    @Path("{id}")
    public Response get(@Context UriInfo uri, @PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excludedAttributes) throws ScimException {
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        return ScimRequests.resource(Response.ok(), groups.get(id, !projection.excludes("members"), base(uri)),
                projection);
    }

    @POST
    public Response create(@Context UriInfo uri, byte[] body) throws ScimException {
        return ScimRequests.created(groups.create(reader.resource(body), base(uri)));
    }

    @PUT
    @Path("{id}")
    public Response replace(@Context UriInfo uri, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, byte[] body) throws ScimException {
        return ScimRequests.resource(Response.ok(), groups.replace(id, reader.resource(body), ifMatch, base(uri)),
                AttributeProjection.DEFAULT);
    }

    @PATCH
    @Path("{id}")
    public Response patch(@Context UriInfo uri, @PathParam("id") String id,
            @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excludedAttributes,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, byte[] body) throws ScimException {
        AttributeProjection projection = AttributeProjection.of(attributes, excludedAttributes);
        boolean noBody = projection.attributes().isEmpty() && projection.excluded().isEmpty();
        GenericScimResource patched = groups.patch(id, reader.object(body), ifMatch,
                !noBody && !projection.excludes("members"), base(uri));
        if (noBody) {
            // Entra: "Group PATCH → 204"; returning the member list is discouraged (docs/idp-contracts.md §3.16).
            return Response.noContent().build();
        }
        return ScimRequests.resource(Response.ok(), patched, projection);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch)
            throws ScimException {
        groups.delete(id, ifMatch);
        return Response.noContent().build();
    }

    private String base(UriInfo uri) {
        return locations.base(uri) + "/Groups";
    }
}
