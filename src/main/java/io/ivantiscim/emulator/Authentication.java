package io.ivantiscim.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.RoutingContext;

/**
 * The emulated tenant's credentials ({@code docs/ivanti-api.md} rows 1–6, §1): the REST login that hands out session
 * keys or JWTs, the undocumented logout, the OAuth2 token endpoint standing in for an external identity provider, and
 * the check every OData call starts with. Session keys live in one {@link Sessions}, OAuth2 access tokens in another,
 * so the test hooks can expire or age both.
 */
final class Authentication {

    private static final String LOGIN_FAILED = "Unhandled system exception: Tenant Not Found or wrong Password or "
            + "OpenID not Configured Properly.";

    private final Counters counters;
    private final Sessions sessions = new Sessions();
    /** OAuth2 access tokens of {@code /oauth2/token}. */
    private final Sessions tokens = new Sessions();

    Authentication(Counters counters) {
        this.counters = counters;
    }

    /** Row 1, row 2, row 5: JSON or form body; 200 with a bare JSON string, or 400 ISM_4000. */
    void login(RoutingContext ctx, EmulatorSettings s) {
        Map<String, String> f = new HashMap<>();
        String body = Replies.body(ctx);
        String ct = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (body != null && body.trim().startsWith("{")) {
            try {
                JsonNode n = Replies.MAPPER.readTree(body);
                n.properties().forEach(e -> f.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
            } catch (Exception e) {
                throw IsmError.badRequest(LOGIN_FAILED);
            }
        } else if (ct.startsWith("application/x-www-form-urlencoded") && !ctx.request().formAttributes().isEmpty()) {
            ctx.request().formAttributes().forEach(e -> f.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        } else if (body != null && body.contains("=")) {
            // PowerShell clients post a hashtable body (docs/ivanti-api.md §1.1): accept form encoding without a type.
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    f.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        boolean ok = s.tenant.equalsIgnoreCase(f.getOrDefault("tenant", "").trim())
                && s.username.equalsIgnoreCase(f.getOrDefault("username", "").trim())
                && s.password.equals(f.getOrDefault("password", ""))
                && s.role.equalsIgnoreCase(f.getOrDefault("role", "").trim());
        if (!ok) {
            throw IsmError.badRequest(LOGIN_FAILED); // row 2
        }
        String credential = sessions.login(s, s.username, System.currentTimeMillis());
        // Row 1/5: the body is a bare JSON string literal.
        Replies.send(ctx, 200, Replies.JSON, Replies.MAPPER.getNodeFactory().textNode(credential).toString());
    }

    /** RFC 6749 §4.4 client credentials; client authentication by HTTP Basic or form fields (§2.3.1). */
    void token(RoutingContext ctx, EmulatorSettings s) {
        if (!ctx.request().method().name().equals("POST")) {
            Replies.send(ctx, 405, Replies.JSON, "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> f = new HashMap<>();
        String body = ctx.body() == null ? "" : ctx.body().asString();
        for (String pair : (body == null ? "" : body).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                f.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String id = f.get("client_id");
        String secret = f.get("client_secret");
        String a = ctx.request().getHeader("Authorization");
        if (a != null && a.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(a.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                id = URLDecoder.decode(pair.substring(0, Math.max(0, colon)), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                id = null;
            }
        }
        if (!s.oauth2ClientId.equals(id) || !s.oauth2ClientSecret.equals(secret)) {
            counters.inc("auth.failed");
            Replies.send(ctx, 401, Replies.JSON, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"client_credentials".equals(f.get("grant_type"))) {
            Replies.send(ctx, 400, Replies.JSON, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String scope = f.getOrDefault("scope", "");
        if (!s.oauth2Scope.isEmpty() && !s.oauth2Scope.equals(scope)) {
            Replies.send(ctx, 400, Replies.JSON, "{\"error\":\"invalid_scope\"}");
            return;
        }
        String token = tokens.issueToken(s.username, s.oauth2TokenLifetimeSeconds, System.currentTimeMillis());
        ObjectNode n = Replies.MAPPER.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", s.oauth2TokenLifetimeSeconds);
        if (!scope.isEmpty()) {
            n.put("scope", scope);
        }
        ctx.response().putHeader("Cache-Control", "no-store");
        Replies.send(ctx, 200, Replies.JSON, n.toString());
    }

    /** {@code docs/ivanti-api.md} §1.3: no logout is documented; served only when {@code logoutEnabled}. */
    void logout(RoutingContext ctx, EmulatorSettings s) {
        String cred = credential(ctx);
        check(ctx, s);
        sessions.logout(cred);
        Replies.send(ctx, 200, Replies.JSON, Replies.ok("Successfully logged out"));
    }

    /**
     * Rows 3–6: raw session key, {@code SID} cookie, {@code rest_api_key=}, {@code Bearer <jwt>}; else 401 ISM_4001.
     * Answers the user the call acts as.
     */
    String check(RoutingContext ctx, EmulatorSettings s) {
        long now = System.currentTimeMillis();
        String a = ctx.request().getHeader("Authorization");
        if (a != null && !a.isBlank()) {
            a = a.trim();
            if (a.startsWith("rest_api_key=")) {
                if (a.substring("rest_api_key=".length()).equals(s.apiKey)) {
                    return s.username; // the key's "On Behalf Of" user
                }
                counters.inc("auth.failed");
                throw IsmError.unauthorized("Invalid Session key or Authentication token or Host");
            }
            boolean bearer = a.regionMatches(true, 0, "Bearer ", 0, 7);
            String token = bearer ? a.substring(7).trim() : a;
            // A session key must be sent raw and a JWT as Bearer; Bearer <sessionkey> is a third-party myth
            // (docs/ivanti-api.md §1.1).
            Sessions.Session x = bearer == s.jwtMode() ? sessions.use(token, bearer, s, now) : null;
            if (x == null && bearer) {
                x = tokens.use(token, true, s, now);
            }
            if (x != null) {
                return x.user;
            }
            counters.inc("auth.failed");
            throw IsmError.unauthorized("Invalid Session key or Authentication token or Host");
        }
        String sid = sidCookie(ctx);
        if (sid != null) {
            Sessions.Session x = sessions.use(sid, false, s, now);
            if (x != null) {
                return x.user;
            }
        }
        counters.inc("auth.failed");
        throw IsmError.unauthorized("Authentication required");
    }

    /**
     * Test hook: every session key and access token stops working, and the next {@code endedLogins} logins answer
     * session keys (or JWTs) that have already ended.
     */
    void expireAll(int endedLogins) {
        sessions.expireAll(endedLogins);
        tokens.expireAll(0);
    }

    /** Test hook: moves every credential {@code seconds} into the past, to cross a timeout without sleeping. */
    void age(long seconds) {
        sessions.age(seconds);
        tokens.age(seconds);
    }

    int sessionCount() {
        return sessions.size();
    }

    private static String credential(RoutingContext ctx) {
        String a = ctx.request().getHeader("Authorization");
        if (a != null && !a.isBlank()) {
            a = a.trim();
            return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : a;
        }
        return sidCookie(ctx);
    }

    private static String sidCookie(RoutingContext ctx) {
        String c = ctx.request().getHeader("Cookie");
        if (c == null) {
            return null;
        }
        for (String part : c.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "SID=", 0, 4)) {
                return p.substring(4);
            }
        }
        return null;
    }
}
