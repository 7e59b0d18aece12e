package io.ivantiscim.emulator;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.config.BridgeConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The built-in Ivanti Neurons for ITSM emulator: the REST login and the OData business-object API of
 * {@code docs/ivanti-api.md} §0 rows 1–28, served on the Vert.x router under {@code /emulator} (plus an optional
 * tenant base path such as {@code /HEAT}). Raw Vert.x rather than JAX-RS so the exact HTTP shapes survive (empty 200
 * bodies, 204s, dropped connections, entity-encoded 500s) and the SCIM exception mappers never touch it.
 * <p>
 * Test and operations hooks live under {@code /emulator/_emulator/…} and need no Ivanti credential.
 */
@ApplicationScoped
public class IvantiEmulator {

    private static final Logger LOG = Logger.getLogger(IvantiEmulator.class);
    static final String MOUNT = "/emulator";
    private static final String JSON = "application/json; charset=utf-8";
    private static final int BODY_LIMIT = 1024 * 1024;

    @Inject
    BridgeConfig config;

    @Inject
    Vertx vertx;

    /** Plain Jackson, not the CDI ObjectMapper (the app replaces that one with a SCIM-specific mapper). */
    private final ObjectMapper json = new ObjectMapper();
    private final Counters counters = new Counters();
    private final Sessions sessions = new Sessions();
    /** OAuth2 access tokens of {@code /oauth2/token}. */
    private final Sessions tokens = new Sessions();
    private EmulatorState state;
    private DemoData demo;
    private Faults faults;
    private volatile EmulatorSettings settings;

    void init(@Observes Router router) {
        if (config.ivanti().url().isPresent() && !config.emulator().standalone()) {
            LOG.debug("bridge.ivanti.url is set: Ivanti emulator not mounted");
            return;
        }
        settings = EmulatorSettings.from(config.emulator());
        state = new EmulatorState(json);
        demo = new DemoData(state, json);
        faults = new Faults(Faults.Spec.from(config.emulator().faults()));
        seed();
        router.route(MOUNT + "/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.route(MOUNT + "/*").handler(this::handle);
        LOG.infof("Ivanti emulator mounted at %s%s (tenant %s, %d employees)", MOUNT, settings.basePath,
                settings.tenant, state.store(BoType.EMPLOYEE).size());
    }

    private void seed() {
        demo.seed(settings);
        int n = config.emulator().generate();
        if (n > 0) {
            demo.generate(n, settings);
        }
    }

    // ================================================================ dispatch

    /** One classified Ivanti API call. */
    private record Call(String kind, Runnable action) {
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        String rest = path.length() > MOUNT.length() ? path.substring(MOUNT.length()) : "/";
        if (rest.startsWith("/_emulator/")) {
            try {
                admin(ctx, rest.substring("/_emulator/".length()));
            } catch (IllegalArgumentException e) {
                send(ctx, 400, JSON, json.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
            }
            return;
        }
        EmulatorSettings s = settings;
        if (rest.equalsIgnoreCase("/oauth2/token")) {
            // The external identity provider of the oauth2 strategy: no Ivanti faults apply to it.
            counters.inc("oauth2.token");
            token(ctx, s);
            return;
        }
        Call call = classify(ctx, rest, s);
        counters.inc("total");
        counters.inc(call.kind());
        Faults.Decision d = faults.decide(counters.get("total"), call.kind());
        if (d.overLimit()) {
            counters.inc("throttled");
        }
        Runnable run = () -> {
            if (ctx.response().closed() || ctx.response().ended()) {
                return;
            }
            switch (d.kind()) {
                case DROP -> {
                    counters.inc("fault.drop");
                    ctx.request().connection().close();
                }
                case THROTTLE -> {
                    counters.inc("fault.429");
                    ctx.response().putHeader("Retry-After", String.valueOf(d.retryAfterSeconds()));
                    // Gateway-shaped body (row 25); ITSM documents no 429 at all (row 26), so this is a GUESS.
                    send(ctx, 429, JSON, "{\"Message\":\"Too many requests. Please retry later.\"}");
                }
                case UNAVAILABLE -> {
                    counters.inc("fault.503");
                    ctx.response().putHeader("Retry-After", String.valueOf(d.retryAfterSeconds()));
                    send(ctx, 503, JSON, "{\"Message\":\"The service is unavailable.\"}");
                }
                case ERROR -> {
                    counters.inc("fault.500");
                    // Row 25: Ivanti 500s can carry an HTML-entity-encoded JSON text.
                    writeError(ctx, new IsmError(500, "ISM_5000", "Internal server error", List.of(
                            "Unhandled system exception: {&quot;error&quot;:{&quot;code&quot;:&quot;SaveFailed&quot;,"
                                    + "&quot;message&quot;:&quot;Injected fault&quot;,&quot;TenantId&quot;:&quot;"
                                    + s.tenant + "&quot;}}")));
                }
                default -> {
                    try {
                        call.action().run();
                    } catch (IsmError e) {
                        writeError(ctx, e);
                    } catch (RuntimeException e) {
                        LOG.warn("emulator failure", e);
                        writeError(ctx, new IsmError(500, "ISM_5000", "Internal server error", List.of(
                                "Unhandled system exception: " + htmlEncode(String.valueOf(e.getMessage())))));
                    }
                }
            }
        };
        if (d.delayMs() > 0) {
            vertx.setTimer(d.delayMs(), id -> run.run());
        } else {
            run.run();
        }
    }

    /** Row 7: paths, case-insensitive collection names, base path; classification feeds the counters. */
    private Call classify(RoutingContext ctx, String rest, EmulatorSettings s) {
        String method = ctx.request().method().name();
        if (!s.basePath.isEmpty()) {
            if (!rest.toLowerCase(Locale.ROOT).startsWith(s.basePath.toLowerCase(Locale.ROOT) + "/")) {
                return notFound(ctx, "Requested resource not found");
            }
            rest = rest.substring(s.basePath.length());
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.equals("/api/rest/authentication/login") && method.equals("POST")) {
            return new Call("login", () -> login(ctx, s));
        }
        if (lower.equals("/api/rest/authentication/logout") && s.logoutEnabled) {
            return new Call("logout", () -> logout(ctx, s));
        }
        String bo = "/api/odata/businessobject/";
        if (lower.startsWith(bo)) {
            List<String> segs = new ArrayList<>();
            for (String seg : rest.substring(bo.length()).split("/", -1)) {
                segs.add(decode(seg));
            }
            return odata(ctx, method, segs, s);
        }
        // Clients percent-encode '$' (%24) in paths; compare on the decoded path from here on.
        rest = decode(rest);
        lower = rest.toLowerCase(Locale.ROOT);
        if (lower.equals("/api/odata/$metadata") || lower.equals("/api/odata/businessobject/$metadata")) {
            // Row 24: the root metadata URLs answer 404 on a live tenant.
            return new Call("metadata", () -> {
                auth(ctx, s);
                throw IsmError.notFound("No service for the resource is registered.");
            });
        }
        if (lower.startsWith("/api/odata/") && lower.endsWith("/$metadata")) {
            String set = rest.substring("/api/odata/".length(), rest.length() - "/$metadata".length());
            if (!set.contains("/") && method.equals("GET")) {
                return new Call("metadata", () -> metadata(ctx, set, s));
            }
        }
        return notFound(ctx, "Requested resource not found");
    }

    private Call notFound(RoutingContext ctx, String message) {
        return new Call("notfound", () -> {
            throw IsmError.notFound(message);
        });
    }

    /** A parsed path segment {@code name} or {@code name('key')}. */
    private record Seg(String name, String key, boolean hasKey) {

        static Seg parse(String raw) {
            int open = raw.indexOf('(');
            if (open < 0 || !raw.endsWith(")")) {
                return new Seg(raw, null, false);
            }
            String k = raw.substring(open + 1, raw.length() - 1).trim();
            if (k.length() >= 2 && k.startsWith("'") && k.endsWith("'")) {
                k = k.substring(1, k.length() - 1).replace("''", "'");
            }
            return new Seg(raw.substring(0, open), k, true);
        }
    }

    private Call odata(RoutingContext ctx, String method, List<String> raw, EmulatorSettings s) {
        List<Seg> segs = new ArrayList<>();
        for (String r : raw) {
            segs.add(Seg.parse(r));
        }
        Seg first = segs.get(0);
        BoType t = BoType.bySet(first.name());
        if (t == null) {
            if (BoType.bySingular(first.name()) != null) {
                // docs/ivanti-api.md §2.1: the singular form is not a service.
                return notFound(ctx, "No service for the resource is registered.");
            }
            String set = first.name().toLowerCase(Locale.ROOT);
            return new Call(set + ".unknown", () -> {
                auth(ctx, s);
                if ("empty".equals(s.unknownCollection)) {
                    send(ctx, 200, JSON, ""); // §9: "Ivanti's own answer to a wrong entity set is an empty result"
                } else {
                    throw IsmError.notFound("Requested resource not found");
                }
            });
        }
        String set = t.set;
        if (segs.size() == 1) {
            if (!first.hasKey()) {
                if (method.equals("GET")) {
                    return new Call(set + ".list", () -> list(ctx, t, s));
                }
                if (method.equals("POST")) {
                    return new Call(set + ".create", () -> create(ctx, t, s));
                }
            } else {
                switch (method) {
                    case "GET" :
                        return new Call(set + ".get", () -> get(ctx, t, first.key(), s));
                    case "PUT" :
                    case "PATCH" :
                        return new Call(set + ".update", () -> update(ctx, t, first.key(), s));
                    case "DELETE" :
                        return new Call(set + ".delete", () -> delete(ctx, t, first.key(), s));
                    default :
                        break;
                }
            }
        } else if (segs.size() == 2 && first.hasKey() && !segs.get(1).hasKey() && method.equals("GET")) {
            return new Call("nav", () -> nav(ctx, t, first.key(), segs.get(1).name(), s));
        } else if (segs.size() == 3 && first.hasKey() && segs.get(1).hasKey()
                && segs.get(2).name().equalsIgnoreCase("$ref")) {
            if (method.equals("PATCH")) {
                return new Call("link", () -> link(ctx, t, first.key(), segs.get(1), true, s));
            }
            if (method.equals("DELETE")) {
                return new Call("unlink", () -> link(ctx, t, first.key(), segs.get(1), false, s));
            }
        }
        return notFound(ctx, "Requested resource not found");
    }

    // ================================================================ authentication (rows 1–6)

    private static final String LOGIN_FAILED = "Unhandled system exception: Tenant Not Found or wrong Password or "
            + "OpenID not Configured Properly.";

    private void login(RoutingContext ctx, EmulatorSettings s) {
        Map<String, String> f = new HashMap<>();
        String body = ctx.body() == null ? null : ctx.body().asString();
        String ct = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (body != null && body.trim().startsWith("{")) {
            try {
                JsonNode n = json.readTree(body);
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
        send(ctx, 200, JSON, json.getNodeFactory().textNode(credential).toString());
    }

    /** RFC 6749 §4.4 client credentials; client authentication by HTTP Basic or form fields (§2.3.1). */
    private void token(RoutingContext ctx, EmulatorSettings s) {
        if (!ctx.request().method().name().equals("POST")) {
            send(ctx, 405, JSON, "{\"error\":\"invalid_request\"}");
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
            send(ctx, 401, JSON, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"client_credentials".equals(f.get("grant_type"))) {
            send(ctx, 400, JSON, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String scope = f.getOrDefault("scope", "");
        if (!s.oauth2Scope.isEmpty() && !s.oauth2Scope.equals(scope)) {
            send(ctx, 400, JSON, "{\"error\":\"invalid_scope\"}");
            return;
        }
        String token = tokens.issueToken(s.username, s.oauth2TokenLifetimeSeconds, System.currentTimeMillis());
        ObjectNode n = json.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", s.oauth2TokenLifetimeSeconds);
        if (!scope.isEmpty()) {
            n.put("scope", scope);
        }
        ctx.response().putHeader("Cache-Control", "no-store");
        send(ctx, 200, JSON, n.toString());
    }

    private void logout(RoutingContext ctx, EmulatorSettings s) {
        String cred = credential(ctx);
        auth(ctx, s);
        sessions.logout(cred);
        send(ctx, 200, JSON, ok("Successfully logged out"));
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

    /** Rows 3–6: raw session key, {@code SID} cookie, {@code rest_api_key=}, {@code Bearer <jwt>}; else 401. */
    private String auth(RoutingContext ctx, EmulatorSettings s) {
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
            // A session key must be sent raw and a JWT as Bearer; Bearer <sessionkey> is a third-party myth (§1.1).
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

    // ================================================================ OData reads (rows 8–18)

    private String base(RoutingContext ctx, EmulatorSettings s) {
        String host = ctx.request().getHeader("Host");
        return ctx.request().scheme() + "://" + (host == null ? "localhost" : host) + MOUNT + s.basePath;
    }

    private String context(RoutingContext ctx, EmulatorSettings s, String suffix) {
        return base(ctx, s) + "/api/odata/$metadata#" + suffix;
    }

    /** Rows 10 and 15: {@code $top}, {@code $skip}, {@code $select} (shared by list and nav). */
    private record Paging(int top, int skip, List<BoType.Field> select) {
    }

    private Paging paging(MultiMap q, BoType t, EmulatorSettings s) {
        int top = s.topDefault;
        String topS = q.get("$top");
        if (topS != null) {
            try {
                top = Integer.parseInt(topS.trim());
            } catch (NumberFormatException e) {
                throw IsmError.payload("Invalid Request Payload");
            }
            if (top < 0) {
                throw IsmError.payload("Invalid Request Payload");
            }
            if (top > s.topMax) {
                // §9: live "Invalid Request Payload" vs SquaredUp "You cannot query more than 100 records".
                String records = "You cannot query more than " + s.topMax + " records";
                throw switch (s.topOverMaxMessages) {
                    case "payload" -> IsmError.payload("Invalid Request Payload");
                    case "records" -> IsmError.payload(records);
                    default -> IsmError.payload("Invalid Request Payload", records);
                };
            }
        }
        int skip = 0;
        String skipS = q.get("$skip");
        if (skipS != null) {
            try {
                skip = Integer.parseInt(skipS.trim());
            } catch (NumberFormatException e) {
                throw IsmError.payload("Invalid Request Payload");
            }
            if (skip < 0) {
                throw IsmError.payload("Invalid Request Payload");
            }
        }
        return new Paging(top, skip, select(q, t));
    }

    private static List<BoType.Field> select(MultiMap q, BoType t) {
        String sel = q.get("$select");
        if (sel == null) {
            return null;
        }
        if (sel.isBlank()) {
            throw IsmError.server("The parameter 'select' cannot be empty."); // row 15
        }
        List<BoType.Field> out = new ArrayList<>();
        for (String p : sel.split(",")) {
            String name = p.trim();
            if (name.equals("*")) {
                return null;
            }
            BoType.Field f = t.field(name);
            if (f == null) {
                throw IsmError.badRequest("Could not find a property named '" + name + "' on type 'MetaData." + t.entity
                        + "'.");
            }
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static String selectSuffix(List<BoType.Field> sel) {
        if (sel == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("(");
        for (BoType.Field f : sel) {
            b.append(b.length() > 1 ? "," : "").append(f.name());
        }
        return b.append(')').toString();
    }

    private void list(RoutingContext ctx, BoType t, EmulatorSettings s) {
        auth(ctx, s);
        MultiMap q = ctx.queryParams();
        Paging p = paging(q, t, s);
        // Row 14: empty $orderby → 500; unknown field or bad direction → 204.
        List<BoStore.Order> order = new ArrayList<>();
        String ob = q.get("$orderby");
        if (ob != null) {
            if (ob.isBlank()) {
                throw IsmError.server("The parameter 'orderby' cannot be empty.");
            }
            for (String clause : ob.split(",")) {
                String[] w = clause.trim().split("\\s+");
                BoType.Field f = t.field(w[0]);
                boolean desc = w.length == 2 && w[1].equalsIgnoreCase("desc");
                boolean dirOk = w.length == 1 || (w.length == 2 && (desc || w[1].equalsIgnoreCase("asc")));
                if (f == null || !dirOk) {
                    ctx.response().setStatusCode(204).end();
                    return;
                }
                order.add(new BoStore.Order(f, desc));
            }
        }
        ODataFilter filter = null;
        String fs = q.get("$filter");
        if (fs != null) {
            try {
                filter = ODataFilter.parse(fs, t, s.filterParentheses, s.leftToRight(), s.offset());
            } catch (ODataFilter.InvalidFilterException e) {
                throw IsmError.invalidFilter();
            }
        }
        Predicate<Object[]> search = search(q.get("$search"), t);
        BoStore.Page page = state.store(t).query(filter, search, order, p.skip(), p.top());
        if (page.count() == 0) {
            send(ctx, 200, JSON, ""); // row 9: nothing matched → 200 with a completely empty body
            return;
        }
        ObjectNode env = json.createObjectNode();
        env.put("@odata.context", context(ctx, s, t.set + selectSuffix(p.select())));
        if (s.countUnasked || "true".equalsIgnoreCase(q.get("$count"))) {
            env.put("@odata.count", page.count());
        }
        ArrayNode arr = env.putArray("value");
        for (Object[] r : page.rows()) {
            arr.add(state.toJson(t, r, p.select(), s));
        }
        send(ctx, 200, JSON, env.toString());
    }

    /**
     * Row 16 {@code $search}: case-insensitive word-prefix match over the string fields; spaces are AND, a literal
     * {@code or} separates alternatives, {@code AND} is ignored, and anything quoted matches nothing.
     */
    static Predicate<Object[]> search(String q, BoType t) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.indexOf('"') >= 0) {
            return r -> false;
        }
        List<List<String>> groups = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String w : q.trim().split("\\s+")) {
            if (w.equalsIgnoreCase("or")) {
                if (!cur.isEmpty()) {
                    groups.add(cur);
                }
                cur = new ArrayList<>();
            } else if (!w.equalsIgnoreCase("and")) {
                cur.add(w.toLowerCase(Locale.ROOT));
            }
        }
        if (!cur.isEmpty()) {
            groups.add(cur);
        }
        List<Integer> idx = new ArrayList<>();
        for (BoType.Field f : t.fields) {
            if (f.kind() == BoType.Kind.STRING && f.index() != 0 && !f.name().endsWith("_Valid")
                    && !f.name().endsWith("_RecID") && !f.name().equals("InternalAuthPasswd")) {
                idx.add(f.index());
            }
        }
        return r -> {
            for (List<String> g : groups) {
                boolean all = true;
                for (String term : g) {
                    if (!anyWordStarts(r, idx, term)) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean anyWordStarts(Object[] r, List<Integer> idx, String term) {
        for (int i : idx) {
            if (r[i] instanceof String v && v.length() >= term.length()) {
                String l = v.toLowerCase(Locale.ROOT);
                int from = 0;
                while (true) {
                    int at = l.indexOf(term, from);
                    if (at < 0) {
                        break;
                    }
                    if (at == 0 || !Character.isLetterOrDigit(l.charAt(at - 1))) {
                        return true;
                    }
                    from = at + 1;
                }
            }
        }
        return false;
    }

    /** Row 18: 200 + {@code $entity} context; unknown key → 400 "Invalid key" (never 404). */
    private void get(RoutingContext ctx, BoType t, String key, EmulatorSettings s) {
        auth(ctx, s);
        if (key == null || key.isBlank()) {
            throw IsmError.badRequest("Key value cannot be empty");
        }
        List<BoType.Field> sel = select(ctx.queryParams(), t);
        Object[] row = state.store(t).get(key.trim());
        if (row == null) {
            throw IsmError.badRequest(s.invalidKeyMessage);
        }
        ObjectNode n = json.createObjectNode();
        n.put("@odata.context", context(ctx, s, t.set + "/$entity"));
        if (sel == null) {
            n.setAll(state.toJson(t, row, null, s));
        }
        // Row 15: $select on a single-record GET returns only the context.
        send(ctx, 200, JSON, n.toString());
    }

    private void nav(RoutingContext ctx, BoType t, String key, String relName, EmulatorSettings s) {
        auth(ctx, s);
        EmulatorState.Rel rel = state.relationship(t, relName, s);
        if (rel == null) {
            throw IsmError.badRequest("The relationship '" + relName + "' is not defined for business object '"
                    + t.boName + "'.");
        }
        if (key == null || key.isBlank()) {
            throw IsmError.badRequest("Key value cannot be empty");
        }
        Object[] row = state.store(t).get(key.trim());
        if (row == null) {
            throw IsmError.recordNotFound(key, t);
        }
        Paging p = paging(ctx.queryParams(), rel.to(), s);
        BoStore target = state.store(rel.to());
        List<Object[]> rows = new ArrayList<>();
        for (String id : rel.related((String) row[0])) {
            Object[] r = target.get(id);
            if (r != null) {
                rows.add(r);
            }
        }
        rows.sort(Comparator.comparing((Object[] r) -> (String) r[0]));
        List<Object[]> page = p.skip() >= rows.size()
                ? List.of()
                : rows.subList(p.skip(), Math.min(rows.size(), p.skip() + p.top()));
        if (page.isEmpty()) {
            send(ctx, 200, JSON, "{\"value\":\"No instances found.\"}"); // row 23: a string, not an array
            return;
        }
        ObjectNode env = json.createObjectNode();
        env.put("@odata.context", context(ctx, s, "Collection(MetaData." + rel.to().entity + ")"));
        ArrayNode arr = env.putArray("value");
        for (Object[] r : page) {
            arr.add(state.toJson(rel.to(), r, p.select(), s));
        }
        send(ctx, 200, JSON, env.toString());
    }

    /** Row 24: EDMX XML; JSON Accept → 500; unknown set → fabricated empty EntityType. */
    private void metadata(RoutingContext ctx, String set, EmulatorSettings s) {
        auth(ctx, s);
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json")) {
            throw new IsmError(500, "ISM_5000", "Internal server error",
                    List.of("Unhandled system exception: The requested format is not supported."));
        }
        BoType t = BoType.bySet(set);
        String xml = t == null ? Metadata.unknown(set) : Metadata.document(t, state.relationships(t, s));
        send(ctx, 200, "application/xml; charset=utf-8", xml);
    }

    // ================================================================ OData writes (rows 19–22)

    private void create(RoutingContext ctx, BoType t, EmulatorSettings s) {
        String actor = auth(ctx, s);
        ObjectNode body = state.parseBody(body(ctx), true);
        Object[] row = state.create(t, body, actor, EmulatorState.now(), s);
        send(ctx, 201, JSON, entity(ctx, t, row, s));
    }

    private void update(RoutingContext ctx, BoType t, String key, EmulatorSettings s) {
        String actor = auth(ctx, s);
        if (key == null || key.isBlank()) {
            throw IsmError.payload("Invalid Business Object Key");
        }
        ObjectNode body = state.parseBody(body(ctx), false);
        Object[] row = state.update(t, key.trim(), body, actor, EmulatorState.now(), s);
        send(ctx, 200, JSON, entity(ctx, t, row, s));
    }

    private void delete(RoutingContext ctx, BoType t, String key, EmulatorSettings s) {
        auth(ctx, s);
        if (key == null || key.isBlank()) {
            throw IsmError.payload("Invalid Business Object Key");
        }
        Object[] old = state.store(t).remove(key.trim());
        if (old == null && !s.deleteMissingSucceeds) {
            throw IsmError.recordNotFound(key, t);
        }
        if (old != null) {
            for (EmulatorState.Rel r : state.relationships(t, s)) {
                if (r.fromA()) {
                    r.links().removeA((String) old[0]);
                } else {
                    r.links().removeB((String) old[0]);
                }
            }
        }
        if (s.deleteStatus == 204) {
            ctx.response().setStatusCode(204).end();
        } else {
            send(ctx, s.deleteStatus, JSON, "");
        }
    }

    private void link(RoutingContext ctx, BoType t, String key, Seg relSeg, boolean create, EmulatorSettings s) {
        auth(ctx, s);
        EmulatorState.Rel rel = state.relationship(t, relSeg.name(), s);
        IsmError failure = null;
        Object[] row = key == null ? null : state.store(t).get(key.trim());
        if (rel == null) {
            failure = IsmError.badRequest("The relationship '" + relSeg.name() + "' is not defined for business "
                    + "object '" + t.boName + "'.");
        } else if (row == null) {
            failure = IsmError.recordNotFound(key, t);
        } else if (relSeg.key() == null || state.store(rel.to()).get(relSeg.key().trim()) == null) {
            failure = IsmError.payload("Record '" + relSeg.key() + "' cannot be found in the related business object '"
                    + rel.to().tableRef + "'");
        }
        if (failure != null) {
            if (s.linkFailuresAs200) {
                // Row 22: live tenants sometimes report relationship failures as 200 with a non-2000 code.
                send(ctx, 200, JSON, errorBody(failure));
                return;
            }
            throw failure;
        }
        String other = (String) state.store(rel.to()).get(relSeg.key().trim())[0];
        if (create) {
            rel.link((String) row[0], other);
            send(ctx, 200, JSON, ok("Successfully Created the link"));
        } else {
            rel.unlink((String) row[0], other); // unlinking something never linked is accepted (row 22)
            if (s.unlinkStatus == 204) {
                ctx.response().setStatusCode(204).end();
            } else {
                send(ctx, s.unlinkStatus, JSON, ok("Successfully Deleted the link"));
            }
        }
    }

    private String entity(RoutingContext ctx, BoType t, Object[] row, EmulatorSettings s) {
        ObjectNode n = json.createObjectNode();
        n.put("@odata.context", context(ctx, s, t.set + "/$entity"));
        n.setAll(state.toJson(t, row, null, s));
        return n.toString();
    }

    private static String body(RoutingContext ctx) {
        return ctx.body() == null ? null : ctx.body().asString();
    }

    // ================================================================ responses

    private String ok(String message) {
        ObjectNode n = json.createObjectNode().put("code", "ISM_2000").put("description", "Ok");
        n.putArray("message").add(message);
        n.put("help", "");
        return n.toString();
    }

    private String errorBody(IsmError e) {
        ObjectNode n = json.createObjectNode().put("code", e.code).put("description", e.description);
        ArrayNode m = n.putArray("message");
        e.messages.forEach(m::add);
        n.put("help", "");
        return n.toString();
    }

    private void writeError(RoutingContext ctx, IsmError e) {
        send(ctx, e.status, JSON, errorBody(e));
    }

    private static void send(RoutingContext ctx, int status, String contentType, String body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }

    static String htmlEncode(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Percent-decodes a path segment ({@code +} stays a plus in paths). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // keep the raw character
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ================================================================ test and operations hooks

    private void admin(RoutingContext ctx, String sub) {
        String method = ctx.request().method().name();
        MultiMap q = ctx.queryParams();
        switch (method + " " + sub) {
            case "POST reset" -> {
                settings = EmulatorSettings.from(config.emulator());
                faults.set(Faults.Spec.from(config.emulator().faults()));
                sessions.expireAll();
                tokens.expireAll();
                counters.reset();
                vertx.executeBlocking(() -> {
                    seed();
                    return null;
                }).onComplete(r -> adminResult(ctx, r.succeeded(), stats()));
            }
            case "POST generate" -> {
                int n = Integer.parseInt(q.get("count") == null ? "100" : q.get("count"));
                if (n < 0) {
                    throw new IllegalArgumentException("count must be >= 0");
                }
                EmulatorSettings s = settings;
                vertx.executeBlocking(() -> {
                    demo.generate(n, s);
                    return null;
                }).onComplete(r -> adminResult(ctx, r.succeeded(), stats().put("generated", n)));
            }
            case "GET stats" -> send(ctx, 200, JSON, stats().toString());
            case "GET faults" -> send(ctx, 200, JSON, json.valueToTree(faults.get()).toString());
            case "POST faults" -> {
                Faults.Spec spec = Faults.Spec.from(config.emulator().faults());
                spec.throttleBurst = 0;
                try {
                    String b = body(ctx);
                    if (b != null && !b.isBlank()) {
                        json.readerForUpdating(spec).readValue(b);
                    }
                } catch (Exception e) {
                    throw new IllegalArgumentException("bad faults body: " + e.getMessage());
                }
                faults.set(spec);
                send(ctx, 200, JSON, json.valueToTree(faults.get()).toString());
            }
            case "DELETE faults" -> {
                faults.set(new Faults.Spec());
                send(ctx, 200, JSON, json.valueToTree(faults.get()).toString());
            }
            case "POST expire-sessions" -> {
                sessions.expireAll();
                tokens.expireAll();
                send(ctx, 200, JSON, stats().toString());
            }
            case "POST sessions/age" -> {
                long seconds = Long.parseLong(q.get("seconds") == null ? "0" : q.get("seconds"));
                sessions.age(seconds);
                tokens.age(seconds);
                send(ctx, 200, JSON, stats().toString());
            }
            case "GET counters" -> send(ctx, 200, JSON, json.valueToTree(counters.snapshot()).toString());
            case "POST counters/reset" -> {
                counters.reset();
                send(ctx, 200, JSON, "{}");
            }
            case "GET settings" -> send(ctx, 200, JSON, json.valueToTree(settings).toString());
            case "POST settings" -> {
                EmulatorSettings s = settings.clone();
                try {
                    json.readerForUpdating(s).readValue(body(ctx));
                    s.validate();
                } catch (Exception e) {
                    throw new IllegalArgumentException("bad settings body: " + e.getMessage());
                }
                settings = s;
                send(ctx, 200, JSON, json.valueToTree(s).toString());
            }
            case "DELETE settings" -> {
                settings = EmulatorSettings.from(config.emulator());
                send(ctx, 200, JSON, json.valueToTree(settings).toString());
            }
            default -> send(ctx, 404, JSON, "{\"error\":\"unknown emulator hook\"}");
        }
    }

    private ObjectNode stats() {
        ObjectNode n = json.createObjectNode();
        for (BoType t : BoType.ALL) {
            n.put(t.set, state.store(t).size());
        }
        n.put("sessions", sessions.size());
        return n;
    }

    private static void adminResult(RoutingContext ctx, boolean ok, ObjectNode body) {
        send(ctx, ok ? 200 : 500, JSON, body.toString());
    }
}
