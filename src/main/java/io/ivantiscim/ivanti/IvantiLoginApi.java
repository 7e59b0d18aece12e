package io.ivantiscim.ivanti;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Ivanti's session login (docs/ivanti-api.md §1.1): answers a bare JSON string, the session key or a JWT. */
interface IvantiLoginApi {

    @POST
    @Path("api/rest/authentication/login")
    @Consumes(MediaType.APPLICATION_JSON)
    Response login(String body);

    /** Not documented by Ivanti (§1.3); offered by some tenants and the emulator. A 404 means "not offered". */
    @POST
    @Path("api/rest/authentication/logout")
    Response logout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
