package io.ivantiscim.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.ivantiscim.audit.AuditLog;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiCaches;
import io.ivantiscim.provisioning.LeaverWork;
import io.ivantiscim.store.AuditQuery;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin API on Quarkus's management interface ({@code quarkus.management.port}, default 9000), never on the SCIM
 * port. Every route needs HTTP Basic with {@code bridge.admin.username} / {@code bridge.admin.password}.
 *
 * <pre>
 * POST   /admin/connections/{label}/tokens   generate (the secret is in this answer only)
 * GET    /admin/connections/{label}/tokens   list one connection's tokens
 * GET    /admin/tokens                       list every token
 * POST   /admin/tokens/{id}/activate | deactivate | renew
 * DELETE /admin/tokens/{id}
 * GET    /admin/audit?from=&amp;to=&amp;kind=&amp;connection=&amp;resourceId=&amp;outcome=&amp;limit=
 * GET    /admin/leaver                 leavers whose follow-up in Ivanti is waiting for a retry
 * POST   /admin/leaver/retry           run the waiting follow-ups now (after fixing what failed) and wait for them
 * POST   /admin/cache/flush                  reload tokens from the store, write queued audit events
 * POST   /admin/ivanti/caches/flush          empty the Ivanti reference caches ($metadata, ...) after an Ivanti admin
 *                                            changed teams or fields; answers how many entries each held
 * </pre>
 */
@ApplicationScoped
public class AdminRoutes {

    /** Accepted as the admin password only when the bridge runs on its built-in emulator and none is configured. */
    public static final String DEMO_PASSWORD = "demo-admin-password";

    private static final Logger LOG = Logger.getLogger(AdminRoutes.class);
    private static final int MAX_LIMIT = 1000;

    private final TokenService tokens;
    private final AuditLog audit;
    private final IvantiCaches caches;
    private final LeaverWork leavers;
    private final String username;
    private final byte[] passwordDigest;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    AdminRoutes(TokenService tokens, AuditLog audit, IvantiCaches caches, BridgeConfig config, LeaverWork leavers) {
        this.leavers = leavers;
        this.tokens = tokens;
        this.audit = audit;
        this.caches = caches;
        this.username = config.admin().username();
        Optional<String> password = config.admin().password().filter(p -> !p.isBlank());
        if (password.isEmpty() && config.ivanti().url().isEmpty()) {
            LOG.warn("No bridge.admin.password set: the admin API accepts the demo password because the bridge runs "
                    + "on its built-in Ivanti emulator.");
            password = Optional.of(DEMO_PASSWORD);
        }
        this.passwordDigest = password.map(p -> digest(username + ":" + p)).orElse(null);
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.route("/admin/*").handler(this::authorise);
        router.post("/admin/connections/:label/tokens").blockingHandler(guard(rc -> send(rc, 201,
                tokens.generate(rc.pathParam("label"), username))), false);
        router.get("/admin/connections/:label/tokens").blockingHandler(guard(rc -> send(rc, 200,
                tokens.list(rc.pathParam("label")))), false);
        router.get("/admin/tokens").blockingHandler(guard(rc -> send(rc, 200,
                tokens.list(rc.queryParams().get("connection")))), false);
        router.post("/admin/tokens/:id/activate").blockingHandler(guard(rc -> send(rc, 200,
                tokens.setActive(rc.pathParam("id"), true, username))), false);
        router.post("/admin/tokens/:id/deactivate").blockingHandler(guard(rc -> send(rc, 200,
                tokens.setActive(rc.pathParam("id"), false, username))), false);
        router.post("/admin/tokens/:id/renew").blockingHandler(guard(rc -> send(rc, 200,
                tokens.renew(rc.pathParam("id"), username))), false);
        router.delete("/admin/tokens/:id").blockingHandler(guard(rc -> {
            tokens.remove(rc.pathParam("id"), username);
            rc.response().setStatusCode(204).end();
        }), false);
        router.get("/admin/audit").blockingHandler(guard(rc -> send(rc, 200, audit.query(query(rc)))), false);
        router.post("/admin/cache/flush").blockingHandler(guard(rc -> {
            tokens.refresh();
            boolean flushed = audit.flush(Duration.ofSeconds(30));
            send(rc, 200, json.createObjectNode().put("tokensReloaded", true).put("auditFlushed", flushed));
        }), false);
        router.get("/admin/leaver").blockingHandler(guard(rc -> send(rc, 200, leavers.pending())), false);
        router.post("/admin/leaver/retry").blockingHandler(guard(rc -> {
            int waiting = leavers.retryNow(Duration.ofSeconds(30));
            audit.flush(Duration.ofSeconds(30));
            send(rc, 200, json.createObjectNode().put("pending", waiting));
        }), false);
        router.post("/admin/ivanti/caches/flush").blockingHandler(guard(rc -> send(rc, 200,
                json.createObjectNode().set("flushed", json.valueToTree(caches.flushAll())))), false);
    }

    private void authorise(RoutingContext rc) {
        if (passwordDigest == null) {
            error(rc, 503, "The admin API is off: set bridge.admin.password (BRIDGE_ADMIN_PASSWORD).");
            return;
        }
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                if (MessageDigest.isEqual(passwordDigest, digest(pair))) {
                    rc.next();
                    return;
                }
            } catch (IllegalArgumentException e) {
                // Not base64: refused below like a wrong password.
            }
        }
        rc.response().putHeader("WWW-Authenticate", "Basic realm=\"ivanti-scim-bridge admin\"");
        error(rc, 401, "Admin credentials required (HTTP Basic, bridge.admin.username / bridge.admin.password).");
    }

    private AuditQuery query(RoutingContext rc) {
        int limit = Math.min(MAX_LIMIT, Math.max(1, integer(rc.queryParams().get("limit"), 100)));
        return new AuditQuery(time(rc.queryParams().get("from")), time(rc.queryParams().get("to")),
                rc.queryParams().get("kind"), rc.queryParams().get("connection"),
                rc.queryParams().get("resourceId"), rc.queryParams().get("outcome"), limit);
    }

    private static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new TokenException(400, "'" + value + "' is not an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z.");
        }
    }

    private static int integer(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TokenException(400, "limit must be an integer.");
        }
    }

    /** Maps {@link TokenException} to its status and anything else to a 500 that carries no exception text. */
    private Handler<RoutingContext> guard(AdminAction action) {
        return rc -> {
            try {
                action.run(rc);
            } catch (TokenException e) {
                error(rc, e.status(), e.getMessage());
            } catch (Exception e) {
                LOG.error("Admin API request failed", e);
                error(rc, 500, "Internal error in the admin API; the bridge log has the details.");
            }
        };
    }

    private void send(RoutingContext rc, int status, Object body) throws Exception {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(json.writeValueAsString(body));
    }

    private void error(RoutingContext rc, int status, String message) {
        ObjectNode body = json.createObjectNode().put("status", status).put("error", message);
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.toString());
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An admin action that may fail. */
    @FunctionalInterface
    private interface AdminAction {

        void run(RoutingContext rc) throws Exception;
    }
}
