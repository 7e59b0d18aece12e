package io.ivantiscim.ivanti;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/odata/{set}/$metadata} (docs/ivanti-api.md §6, row 24): EDMX XML, relative to the OData root (no
 * {@code businessobject} segment). Asking for JSON gets a 500, so only XML is accepted.
 */
interface IvantiMetadataApi {

    @GET
    @Path("{set}/$metadata")
    @Produces(MediaType.APPLICATION_XML)
    Response metadata(@PathParam("set") String set, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
