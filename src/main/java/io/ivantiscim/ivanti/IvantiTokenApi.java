package io.ivantiscim.ivanti;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An OAuth2 token endpoint (RFC 6749 §4.4, client credentials); its base URI is the full token URL. */
interface IvantiTokenApi {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String basic, String form);
}
