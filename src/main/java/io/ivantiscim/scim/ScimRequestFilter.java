package io.ivantiscim.scim;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.security.ScimTokenVerifier;
import io.vertx.core.http.HttpServerRequest;

/**
 * Guards every {@code /scim/v2} endpoint (the only JAX-RS resources in the bridge): the bearer token (RFC 6750 §3: 401
 * with {@code WWW-Authenticate: Bearer}), and the body size limit, answered as SCIM errors rather than bare status
 * codes so Okta and Entra show the admin a readable reason.
 */
public class ScimRequestFilter {

    private static final String BEARER = "bearer ";
    private static final String SCIM_PATH = "/scim/";

    private final ScimTokenVerifier tokens;
    private final BridgeConfig config;

    ScimRequestFilter(ScimTokenVerifier tokens, BridgeConfig config) {
        this.tokens = tokens;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response filter(HttpServerRequest request) {
        if (!request.path().startsWith(SCIM_PATH)) {
            return null;
        }
        if (config.emulator().standalone()) {
            return ScimErrors.response(404, null, "This process runs the Ivanti emulator alone; SCIM is not served.");
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim()
                : null;
        if (!tokens.verify(token)) {
            return Response.fromResponse(ScimErrors.response(401, null, authorization == null
                    ? "Missing Authorization header: send 'Authorization: Bearer <token>' with the token configured in the bridge."
                    : "The bearer token is not valid for this bridge."))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ivanti-scim-bridge\"")
                    .build();
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > config.scim().maxBodyBytes()) {
            return ScimErrors.response(413, null, "The request body is larger than the "
                    + config.scim().maxBodyBytes() + " bytes this bridge accepts (bridge.scim.max-body-bytes).");
        }
        return null;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
