package io.ivantiscim.ivanti;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Ivanti's OData business-object API ({@code docs/ivanti-api.md} §2, §4, §5), relative to the tenant's
 * business-object root. Every method answers the raw {@link Response}: Ivanti's "no rows" comes as an empty 200 body or
 * a 204, and its errors as 400s that {@link IvantiResponses} reads, so nothing here throws on status. A record is never
 * read by key: {@code $select} on a single-record GET answers only the context (row 15), so reads go through
 * {@link #list}. Package-private: only the decorator, which owns auth and fault tolerance, calls it.
 */
@Produces(MediaType.APPLICATION_JSON)
interface IvantiODataApi {

    @GET
    @Path("{set}")
    Response list(@PathParam("set") String set, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("$filter") String filter, @QueryParam("$search") String search,
            @QueryParam("$select") String select, @QueryParam("$orderby") String orderBy,
            @QueryParam("$top") Integer top,
            @QueryParam("$skip") Integer skip, @QueryParam("$count") String count);

    @POST
    @Path("{set}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response create(@PathParam("set") String set, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body);

    @PATCH
    @Path("{set}('{id}')")
    @Consumes(MediaType.APPLICATION_JSON)
    Response update(@PathParam("set") String set, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body);

    @DELETE
    @Path("{set}('{id}')")
    Response delete(@PathParam("set") String set, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("{set}('{id}')/{relationship}")
    Response related(@PathParam("set") String set, @PathParam("id") String id,
            @PathParam("relationship") String relationship,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("$select") String select, @QueryParam("$top") Integer top, @QueryParam("$skip") Integer skip);

    @PATCH
    @Path("{set}('{id}')/{relationship}('{otherId}')/$Ref")
    Response link(@PathParam("set") String set, @PathParam("id") String id,
            @PathParam("relationship") String relationship, @PathParam("otherId") String otherId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @DELETE
    @Path("{set}('{id}')/{relationship}('{otherId}')/$Ref")
    Response unlink(@PathParam("set") String set, @PathParam("id") String id,
            @PathParam("relationship") String relationship, @PathParam("otherId") String otherId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
