package io.ivantiscim.scim;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.unboundid.scim2.common.GenericScimResource;

import io.ivantiscim.audit.AuditLog;
import io.ivantiscim.audit.RequestAudit;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.security.RateLimiter;
import io.ivantiscim.security.TokenService;
import io.ivantiscim.store.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards every {@code /scim/v2} endpoint (the only JAX-RS resources in the bridge): the bearer token (RFC 6750 §3: 401
 * with {@code WWW-Authenticate: Bearer}), resolved to its IdP connection label; the per-connection rate limit (429
 * with {@code Retry-After}); the body's media type (415); and the body size limit, answered as SCIM errors rather than bare status codes so Okta
 * and Entra show the admin a readable reason. On the way out, every provisioning operation is audited and counted
 * under its connection label.
 */
public class ScimRequestFilter {

    private static final String SCIM_PATH = "/scim/";
    private static final String[] DISCOVERY = {"/scim/v2/ServiceProviderConfig", "/scim/v2/Schemas",
            "/scim/v2/ResourceTypes"};

    private final ScimBodyRoute bodies;
    private final RateLimiter rateLimiter;
    private final RequestAudit requestAudit;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final BridgeConfig config;
    /**
     * {@code bridge.scim.requests} by connection, method and status: looked up once each, not built from its tags on
     * every request (issue 14). Each key part has few values (connections are the configured ones).
     */
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();

    ScimRequestFilter(ScimBodyRoute bodies, RateLimiter rateLimiter, RequestAudit requestAudit, AuditLog audit,
            MeterRegistry metrics, BridgeConfig config) {
        this.bodies = bodies;
        this.rateLimiter = rateLimiter;
        this.requestAudit = requestAudit;
        this.audit = audit;
        this.metrics = metrics;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response filter(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // Any case: ScimPathCase lets /SCIM/v2/users through to the Users resource, so it must not skip the token.
        if (!request.path().regionMatches(true, 0, SCIM_PATH, 0, SCIM_PATH.length())) {
            return null;
        }
        if (config.emulator().standalone()) {
            return ScimErrors.response(404, null, "This process runs the Ivanti emulator alone; SCIM is not served.");
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        // ScimBodyRoute checked the token before reading the body; a request it did not see is checked here.
        Object checked = rc.get(ScimBodyRoute.CALLER);
        TokenService.Caller caller = checked instanceof TokenService.Caller c
                ? c
                : checked == null ? bodies.authenticate(authorization) : null;
        if (caller == null) {
            metrics.counter("bridge.scim.unauthorized").increment();
            return Response.fromResponse(ScimErrors.response(401, null, authorization == null
                    ? "Missing Authorization header: send 'Authorization: Bearer <token>' with the token configured in the bridge."
                    : "The bearer token is not valid for this bridge."))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ivanti-scim-bridge\"")
                    .build();
        }
        requestAudit.start(caller.connection(), caller.tokenId(), RequestIds.current());
        MDC.put("connection", caller.connection());
        long retryAfter = rateLimiter.acquire(caller.connection());
        if (retryAfter > 0) {
            return Response.fromResponse(ScimErrors.response(429, null, "Too many requests from connection '"
                    + caller.connection() + "' (bridge.security.rate-limit); retry after " + retryAfter + " s."))
                    .header(HttpHeaders.RETRY_AFTER, retryAfter)
                    .build();
        }
        String unsupported = unsupportedContentType(request);
        if (unsupported != null) {
            return ScimErrors.response(415, null, unsupported);
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > config.scim().maxBodyBytes()) {
            return ScimErrors.response(413, null, "The request body is larger than the "
                    + config.scim().maxBodyBytes() + " bytes this bridge accepts (bridge.scim.max-body-bytes).");
        }
        return null;
    }

    /** Audits the operation (not discovery) with its connection, outcome, Ivanti call count and latency. */
    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        // The request's instance itself: each call through the client proxy looks the request context up again, and
        // this method makes eight (issue 14).
        RequestAudit current = ClientProxy.unwrap(requestAudit);
        if (!path.startsWith(SCIM_PATH) || !current.started()) {
            return;
        }
        int status = response.getStatus();
        String method = request.getMethod();
        String connection = current.connection();
        RequestKey key = new RequestKey(connection, method, status);
        Counter counter = requests.get(key);
        if (counter == null) {
            counter = requests.computeIfAbsent(key, k -> metrics.counter("bridge.scim.requests", "connection",
                    k.connection(), "method", k.method(), "status", Integer.toString(k.status())));
        }
        counter.increment();
        if (isDiscovery(path)) {
            return;
        }
        // /scim/v2/{resourceType}/{id}: the segments after the version.
        int typeStart = path.indexOf('/', SCIM_PATH.length());
        String resourceType = null;
        String resourceId = null;
        if (typeStart > 0) {
            int typeEnd = path.indexOf('/', typeStart + 1);
            String type = path.substring(typeStart + 1, typeEnd < 0 ? path.length() : typeEnd);
            resourceType = type.isEmpty() ? null : type;
            if (typeEnd > 0) {
                int idEnd = path.indexOf('/', typeEnd + 1);
                String id = path.substring(typeEnd + 1, idEnd < 0 ? path.length() : idEnd);
                resourceId = id.isEmpty() || id.startsWith(".") ? null : id;
            }
        }
        String userName = null;
        if (response.getEntity() instanceof GenericScimResource resource) {
            resourceId = resource.getId() != null ? resource.getId() : resourceId;
            String name = resource.getObjectNode().path("userName").asText(null);
            userName = name != null ? name : resource.getObjectNode().path("displayName").asText(null);
        }
        AuditEvent event = new AuditEvent(null, Instant.now(), AuditEvent.SCIM, connection, method, resourceType,
                resourceId, userName, status < 400 ? AuditEvent.SUCCESS : AuditEvent.FAILURE, status,
                current.ivantiCalls(), current.elapsedMillis(), current.correlationId(), current.tokenId(),
                current.detail());
        // A write the IdP is told succeeded is answered only once its event is committed (issue 15 item 10); a read
        // or a refusal changed nothing. Refusals made before routing (401, 429, 413) are answered on the event loop,
        // which must never wait on the store.
        if (status < 400 && changesState(method, path) && !Context.isOnEventLoopThread()) {
            audit.record(event);
        } else {
            audit.enqueue(event);
        }
    }

    /**
     * Equality and hash written out: a record's generated ones go through {@code ObjectMethods} method handles, which
     * showed in the request threads' profile (issue 14).
     */
    private record RequestKey(String connection, String method, int status) {

        @Override
        public boolean equals(Object other) {
            return other instanceof RequestKey k && status == k.status && connection.equals(k.connection)
                    && method.equals(k.method);
        }

        @Override
        public int hashCode() {
            return (connection.hashCode() * 31 + method.hashCode()) * 31 + status;
        }
    }

    /** {@code /scim/v2/ServiceProviderConfig}, {@code /Schemas}, {@code /ResourceTypes}, and anything below them. */
    private static boolean isDiscovery(String path) {
        for (String endpoint : DISCOVERY) {
            if (path.startsWith(endpoint)
                    && (path.length() == endpoint.length() || path.charAt(endpoint.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** Every method but GET and HEAD changes state, except the POST of a {@code .search} (RFC 7644 §3.4.3). */
    private static boolean changesState(String method, String path) {
        return !("GET".equals(method) || "HEAD".equals(method) || path.endsWith("/.search"));
    }

    /**
     * Why the body's media type is refused, or null. Bodies are {@code application/scim+json} (RFC 7644 §3.1) or
     * {@code application/json}, which Okta's OIN test sends (docs/idp-contracts.md §2.26); nothing else is read as
     * SCIM (docs/idp-contracts.md §4.10). A {@code charset} parameter is ignored: JSON is UTF-8 and "adding one really has
     * no effect on compliant recipients" (RFC 8259 §8.1, §11), so the body is decoded as UTF-8 whatever it says, and
     * refused when it is not (ScimRequestReader).
     */
    private static String unsupportedContentType(HttpServerRequest request) {
        String method = request.method().name();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return null;
        }
        String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (ScimJson.MEDIA_TYPE.equalsIgnoreCase(header) || MediaType.APPLICATION_JSON.equalsIgnoreCase(header)) {
            // What Okta and Entra send, accepted without parsing the header (issue 14).
            return null;
        }
        String wanted = "Send the body as application/scim+json or application/json";
        if (header == null || header.isBlank()) {
            return wanted + "; the request has no Content-Type.";
        }
        MediaType type;
        try {
            type = MediaType.valueOf(header);
        } catch (IllegalArgumentException e) {
            return wanted + "; the Content-Type does not parse.";
        }
        String base = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        if (!base.equals(ScimJson.MEDIA_TYPE) && !base.equals(MediaType.APPLICATION_JSON)) {
            return wanted + ", not " + base + ".";
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
