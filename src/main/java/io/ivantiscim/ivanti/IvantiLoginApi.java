package io.ivantiscim.ivanti;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Ivanti's session login (ivanti-api.md §1.1): answers a bare JSON string, the session key. */
interface IvantiLoginApi {

    @POST
    @Path("api/rest/authentication/login")
    @Consumes(MediaType.APPLICATION_JSON)
    Response login(String body);
}
