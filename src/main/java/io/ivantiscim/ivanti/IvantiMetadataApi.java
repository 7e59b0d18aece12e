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
 * Ivanti's per-collection EDMX document, {@code GET /api/odata/{set}/$metadata} (ivanti-api.md §6), relative to the
 * tenant's OData root (the business-object root without {@code businessobject/}). XML only: a JSON Accept is a 500.
 */
@Produces(MediaType.APPLICATION_XML)
interface IvantiMetadataApi {

    @GET
    @Path("{set}/$metadata")
    Response metadata(@PathParam("set") String set, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
