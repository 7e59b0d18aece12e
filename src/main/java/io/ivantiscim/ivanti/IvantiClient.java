package io.ivantiscim.ivanti;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The bridge's only way to Ivanti: a public decorator over the package-private REST client that owns authentication,
 * the reading of Ivanti's unusual answers (docs/ivanti-api.md §8), outbound limits and fault tolerance (SmallRye Fault
 * Tolerance guards built from {@code bridge.ivanti.*}). Reads are retried with exponential backoff and jitter when
 * Ivanti is unavailable, waiting out a short {@code Retry-After}; writes never are (a write that timed out may have
 * happened, so the provisioning layer re-reads before trying again). A circuit breaker turns a dead tenant into fast
 * failures that the IdP hears as 503 with {@code Retry-After}. Created at start-up so that a configuration error
 * (missing credential, token URL, foreign API host) stops the bridge with a message naming the property.
 */
@Startup
@ApplicationScoped
public class IvantiClient {

    private static final Logger LOG = Logger.getLogger(IvantiClient.class);
    static final String BREAKER = "ivanti";

    private final IvantiODataApi api;
    private final IvantiMetadataApi metadataApi;
    private final IvantiAuth auth;
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String metadataUrl;
    private final OutboundLimiter limiter;
    private final Guard breaker;
    private final Guard retry;
    private final long breakerDelaySeconds;

    IvantiClient(BridgeConfig config) {
        BridgeConfig.Ivanti ivanti = config.ivanti();
        String tenant = tenantUrl(config);
        this.baseUrl = apiBase(tenant, ivanti.apiPath());
        this.metadataUrl = metadataBase(baseUrl);
        this.api = builder(config, baseUrl).build(IvantiODataApi.class);
        this.metadataApi = builder(config, metadataUrl).build(IvantiMetadataApi.class);
        this.auth = auth(config, tenant);
        BridgeConfig.Limits limits = ivanti.limits();
        this.limiter = new OutboundLimiter(limits.requestsPerMinute(), limits.maxConcurrent(), limits.timeout());
        BridgeConfig.Breaker b = ivanti.breaker();
        this.breakerDelaySeconds = Math.max(1, b.delay().toSeconds());
        this.breaker = Guard.create().withDescription("Ivanti circuit breaker").withCircuitBreaker().name(BREAKER)
                .requestVolumeThreshold(b.requestVolumeThreshold()).failureRatio(b.failureRatio())
                .delay(b.delay().toMillis(), ChronoUnit.MILLIS).successThreshold(b.successThreshold())
                .failOn(IvantiException.Unavailable.class)
                .onStateChange(state -> LOG.infof("Ivanti circuit breaker %s", state)).done().build();
        BridgeConfig.RetryConfig r = ivanti.retry();
        long maxRetryAfter = r.maxRetryAfter().toMillis();
        this.retry = Guard.create().withDescription("Ivanti read retry").withRetry().maxRetries(r.maxRetries())
                .delay(r.initialDelay().toMillis(), ChronoUnit.MILLIS).maxDuration(10, ChronoUnit.MINUTES)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(e -> e instanceof IvantiException.Unavailable u && u.retryable()
                        && u.retryAfterSeconds() * 1000 <= maxRetryAfter)
                .withCustomBackoff().strategy(() -> new Backoff(r.maxDelay().toMillis(), r.jitter(), maxRetryAfter))
                .done().done().build();
        LOG.infof("Ivanti client: %s, auth %s", baseUrl, ivanti.auth().mode());
    }

    /** The tenant's business-object root this client talks to, for start-up logs and error details. */
    public String baseUrl() {
        return baseUrl;
    }

    /** One page of a collection. */
    public ODataPage list(String set, ODataRequest request) {
        JsonNode body = callRead("list " + set, h -> api.list(set, h, request.filter(), request.search(),
                request.selectParam(), request.orderBy(), request.top(), request.skip()));
        return page(body);
    }

    /**
     * One record by RecId, or empty when Ivanti does not know it. A single-record GET with {@code $select} answers
     * only {@code @odata.context} (row 15), so the bridge reads the record through its collection with
     * {@code RecId eq} and {@code $select}: one call, only the mapped fields.
     */
    public Optional<ObjectNode> get(String set, String recId, List<String> select) {
        ODataPage page = page(callRead("get " + set, h -> api.list(set, h, "RecId eq " + literal(recId), null,
                String.join(",", select), null, 1, 0)));
        return page.rows().stream().findFirst();
    }

    /** Creates a record; answers the record as Ivanti stored it. Never retried. */
    public ObjectNode create(String set, ObjectNode fields) {
        return record(call("create " + set, h -> api.create(set, h, fields.toString())));
    }

    /** Updates the given fields of a record (Ivanti merges, row 20); answers the stored record. Never retried. */
    public ObjectNode update(String set, String recId, ObjectNode fields) {
        return record(call("update " + set, h -> api.update(set, recId, h, fields.toString())));
    }

    /** Deletes a record. Ivanti answers 204 even for an id it does not know (row 21). Never retried. */
    public void delete(String set, String recId) {
        call("delete " + set, h -> api.delete(set, recId, h));
    }

    /**
     * One page of the records related to {@code recId} through a navigation property (docs/ivanti-api.md §5). Ivanti's
     * {@code {"value":"No instances found."}} reads as an empty page.
     */
    public ODataPage related(String set, String recId, String relationship, List<String> select, int top, int skip) {
        return page(callRead("related " + set + "/" + relationship, h -> api.related(set, recId, relationship, h,
                String.join(",", select), top, skip)));
    }

    /**
     * Links two records ({@code PATCH …/{relationship}('{other}')/$Ref}). Never retried. Ivanti can report a failed
     * link as a 200 whose code is not {@code ISM_2000} (docs/ivanti-api.md §5): that is an error here.
     */
    public void link(String set, String recId, String relationship, String otherId) {
        checkRelationshipAnswer("link",
                call("link " + set + "/" + relationship, h -> api.link(set, recId, relationship, otherId, h)));
    }

    /** Removes a link ({@code DELETE …/$Ref}); unlinking what was never linked succeeds. Never retried. */
    public void unlink(String set, String recId, String relationship, String otherId) {
        checkRelationshipAnswer("unlink",
                call("unlink " + set + "/" + relationship, h -> api.unlink(set, recId, relationship, otherId, h)));
    }

    private static void checkRelationshipAnswer(String what, JsonNode body) {
        if (body == null || !body.hasNonNull("code") || body.path("code").asText().equalsIgnoreCase("ISM_2000")) {
            return;
        }
        List<String> messages = new ArrayList<>();
        body.path("message").forEach(m -> messages.add(m.asText()));
        String summary = "Ivanti answered 200 with " + body.path("code").asText() + " to " + what + ": " + messages;
        if (String.join(" ", messages).toLowerCase(Locale.ROOT).contains("cannot be found")) {
            throw new IvantiException.NotFound(summary, messages);
        }
        throw new IvantiException.Rejected(summary, messages);
    }

    /** The cheapest call that proves the tenant answers and accepts the credential: one RecId. */
    public void probe(String set) {
        call("probe " + set, h -> api.list(set, h, null, null, "RecId", null, 1, 0));
    }

    /**
     * The EDMX {@code $metadata} document of an entity set ({@code GET …/api/odata/{set}/$metadata}, XML: JSON gets
     * a 500, row 24). Uncached: {@link IvantiMetadata} caches it.
     */
    public String metadata(String set) {
        return guarded("metadata " + set, h -> metadataApi.metadata(set, h), r -> {
            String text = r.hasEntity() ? r.readEntity(String.class) : "";
            if (r.getStatus() >= 300) {
                readJson("metadata " + set, r.getStatus(), text, r);
            }
            return text;
        }, true);
    }

    /** Where {@code $metadata} documents are read from, for messages. */
    public String metadataUrl() {
        return metadataUrl;
    }

    /** State of the circuit breaker: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String breakerState() {
        CircuitBreakerState state = CircuitBreakerMaintenance.get().currentState(BREAKER);
        return state.name();
    }

    /** Closes the circuit breaker (an operator action after fixing the tenant, and tests). */
    public void resetBreaker() {
        CircuitBreakerMaintenance.get().reset(BREAKER);
    }

    /** Gives a session back at shutdown when the tenant offers a logout. */
    @PreDestroy
    void close() {
        auth.close();
    }

    /** An OData string literal: single-quoted, quotes doubled (docs/ivanti-api.md §8.4). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A call that may write: breaker and limits, never retried. */
    private JsonNode call(String what, Function<String, Response> request) {
        return guarded(what, request, r -> read(what, r), false);
    }

    /** A read: breaker, limits and retries with backoff. */
    private JsonNode callRead(String what, Function<String, Response> request) {
        return guarded(what, request, r -> read(what, r), true);
    }

    private <T> T guarded(String what, Function<String, Response> request, Function<Response, T> reader,
            boolean idempotent) {
        Supplier<Object> once = () -> limiter.run(() -> {
            try {
                return breaker.get(() -> authenticated(what, request, reader), Object.class);
            } catch (CircuitBreakerOpenException e) {
                throw new IvantiException.Unavailable("Ivanti has been failing; the bridge pauses calls to it for "
                        + breakerDelaySeconds + " s", List.of(), breakerDelaySeconds,
                        IvantiException.Reason.CIRCUIT_OPEN);
            }
        });
        @SuppressWarnings("unchecked")
        T result = (T) (idempotent ? retry.get(once, Object.class) : once.get());
        return result;
    }

    private <T> T authenticated(String what, Function<String, Response> request, Function<Response, T> reader) {
        String header = auth.header();
        Response first = send(what, request, header);
        if (first.getStatus() != 401 || !auth.refresh(header)) {
            try (first) {
                return reader.apply(first);
            }
        }
        first.close();
        try (Response second = send(what, request, auth.header())) {
            return reader.apply(second);
        }
    }

    private static Response send(String what, Function<String, Response> request, String header) {
        try {
            return request.apply(header);
        } catch (ProcessingException e) {
            // Connection refused, reset or timed out: the tenant is unreachable, or for a write, the outcome unknown.
            String root = rootMessage(e);
            IvantiException.Reason reason = root.toLowerCase(Locale.ROOT).contains("timeout")
                    ? IvantiException.Reason.TIMEOUT
                    : IvantiException.Reason.UNREACHABLE;
            throw new IvantiException.Unavailable("Ivanti did not answer " + what + ": " + root, List.of(), 0,
                    reason);
        }
    }

    private JsonNode read(String what, Response response) {
        int status = response.getStatus();
        String text = response.hasEntity() ? response.readEntity(String.class) : "";
        if (status == 204 || (status < 300 && text.isBlank())) {
            return null;
        }
        if (status < 300) {
            return parse(what, text);
        }
        return readJson(what, status, text, response);
    }

    /** Throws the typed exception for an Ivanti error answer. */
    private JsonNode readJson(String what, int status, String text, Response response) {
        List<String> messages = messages(text);
        String summary = "Ivanti answered " + status + " to " + what + (messages.isEmpty() ? "" : ": " + messages);
        if (status == 401) {
            throw new IvantiException.Unauthorized(summary, messages);
        }
        if (status == 400) {
            String all = String.join(" ", messages).toLowerCase(Locale.ROOT);
            if (all.contains("invalid key") || all.contains("cannot be found")) {
                throw new IvantiException.NotFound(summary, messages);
            }
            if (all.contains("unique") || all.contains("duplicate") || all.contains("already exists")) {
                throw new IvantiException.Conflict(summary, messages);
            }
            throw new IvantiException.Rejected(summary, messages);
        }
        LOG.debugf("%s", summary);
        IvantiException.Reason reason = switch (status) {
            case 404 -> IvantiException.Reason.PATH_NOT_FOUND;
            case 429, 503 -> IvantiException.Reason.THROTTLED;
            default -> IvantiException.Reason.TENANT_ERROR;
        };
        throw new IvantiException.Unavailable(summary, messages, retryAfter(response), reason);
    }

    private JsonNode parse(String what, String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IvantiException.Unavailable("Ivanti answered " + what + " with a body that is not JSON",
                    List.of(), 0);
        }
    }

    private static ODataPage page(JsonNode body) {
        if (body == null) {
            return ODataPage.empty();
        }
        JsonNode value = body.path("value");
        if (!value.isArray()) {
            // {"value":"No instances found."} on an empty relationship (row 23) is the only non-array we accept.
            if (value.isTextual() && value.asText().toLowerCase(Locale.ROOT).startsWith("no instances")) {
                return ODataPage.empty();
            }
            throw new IvantiException.Unavailable("Ivanti answered a collection without a value array", List.of(), 0);
        }
        List<ObjectNode> rows = new ArrayList<>(value.size());
        value.forEach(row -> {
            if (row instanceof ObjectNode o) {
                rows.add(o);
            }
        });
        JsonNode count = body.get("@odata.count");
        return new ODataPage(rows, count != null && count.canConvertToLong() ? count.asLong() : -1);
    }

    private static ObjectNode record(JsonNode body) {
        if (body instanceof ObjectNode o) {
            return o;
        }
        throw new IvantiException.Unavailable("Ivanti answered a write without the record", List.of(), 0);
    }

    /** Ivanti's error shapes (§4.2): {code, message:[…]}, message as a string, {"Message"}, {"error":{message}}. */
    private List<String> messages(String text) {
        List<String> messages = new ArrayList<>();
        try {
            JsonNode body = json.readTree(text);
            JsonNode message = body.has("message") ? body.get("message") : body.path("Message");
            if (message.isArray()) {
                message.forEach(m -> messages.add(m.asText()));
            } else if (message.isTextual()) {
                messages.add(message.asText());
            } else if (body.path("error").path("message").isTextual()) {
                messages.add(body.path("error").path("message").asText());
            } else if (body.path("error").path("message").path("value").isTextual()) {
                messages.add(body.path("error").path("message").path("value").asText());
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON (an HTML gateway page or an entity-encoded exception): keep nothing rather than leak it.
        }
        return messages;
    }

    private static long retryAfter(Response response) {
        String value = response.getHeaderString(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private IvantiAuth auth(BridgeConfig config, String tenant) {
        BridgeConfig.Auth a = config.ivanti().auth();
        BridgeConfig.AuthMode mode = a.mode();
        String format = a.headerFormat().filter(f -> !f.isBlank()).orElse(switch (mode) {
            case API_KEY -> "rest_api_key=" + IvantiAuth.CREDENTIAL;
            case SESSION -> IvantiAuth.CREDENTIAL;
            case JWT, OAUTH2 -> "Bearer " + IvantiAuth.CREDENTIAL;
        });
        if (!format.contains(IvantiAuth.CREDENTIAL)) {
            throw new IllegalStateException("bridge.ivanti.auth.header-format (BRIDGE_IVANTI_AUTH_HEADER_FORMAT) must "
                    + "contain " + IvantiAuth.CREDENTIAL);
        }
        String modeName = mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
        boolean emulator = config.ivanti().url().isEmpty();
        return switch (mode) {
            case API_KEY -> new ApiKeyAuth(required(a.apiKey().or(() -> emulator
                    ? Optional.of(config.emulator().apiKey())
                    : Optional.empty()), "bridge.ivanti.auth.api-key", modeName), format);
            case SESSION, JWT -> loginAuth(config, tenant, format, modeName);
            case OAUTH2 -> oauth2Auth(config, format);
        };
    }

    private IvantiAuth loginAuth(BridgeConfig config, String tenant, String format, String modeName) {
        BridgeConfig.Auth a = config.ivanti().auth();
        IvantiLoginApi login = builder(config, loginBase(baseUrl)).build(IvantiLoginApi.class);
        ObjectNode body = json.createObjectNode()
                .put("tenant", a.tenant().orElseGet(() -> URI.create(tenant).getHost()))
                .put("username", required(a.username(), "bridge.ivanti.auth.username", modeName))
                .put("password", required(a.password(), "bridge.ivanti.auth.password", modeName))
                .put("role", a.role());
        boolean jwt = a.mode() == BridgeConfig.AuthMode.JWT;
        return new RenewingAuth(modeName, () -> {
            JsonNode key = login("login", h -> login.login(body.toString()), null);
            if (key == null || !key.isTextual() || key.asText().isBlank()) {
                throw new IvantiException.Unauthorized("Ivanti's login answered no session key", List.of());
            }
            String value = key.asText();
            // docs/ivanti-api.md §1.1: "if the ID contains the tenant url it is a Session ID, else a JWT".
            return new RenewingAuth.Token(value, jwt ? RenewingAuth.jwtExpiry(value) : Long.MAX_VALUE);
        }, a.logoutOnShutdown() ? header -> {
            try (Response r = login.logout(header)) {
                LOG.debugf("Ivanti logout answered %d", r.getStatus());
            }
        } : null, format, jwt ? null : a.idleTimeout().orElse(null), a.renewBefore(), System::currentTimeMillis);
    }

    private IvantiAuth oauth2Auth(BridgeConfig config, String format) {
        BridgeConfig.OAuth2 o = config.ivanti().auth().oauth2();
        String tokenUrl = required(o.tokenUrl(), "bridge.ivanti.auth.oauth2.token-url", "oauth2");
        String clientId = required(o.clientId(), "bridge.ivanti.auth.oauth2.client-id", "oauth2");
        String secret = required(o.clientSecret(), "bridge.ivanti.auth.oauth2.client-secret", "oauth2");
        URI uri = URI.create(tokenUrl);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalStateException("bridge.ivanti.auth.oauth2.token-url (BRIDGE_IVANTI_AUTH_OAUTH2_TOKEN_URL) "
                    + "must be an absolute http(s) URL");
        }
        IvantiTokenApi api = builder(config, tokenUrl).build(IvantiTokenApi.class);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        String body = "grant_type=client_credentials" + o.scope().filter(sc -> !sc.isBlank())
                .map(sc -> "&scope=" + form(sc)).orElse("");
        return new RenewingAuth("oauth2", () -> {
            long now = System.currentTimeMillis();
            JsonNode token = login("token request", h -> api.token(basic, body), null);
            String value = token == null ? "" : token.path("access_token").asText("");
            if (value.isBlank()) {
                throw new IvantiException.Unauthorized("The token endpoint answered no access_token", List.of());
            }
            long expiresIn = token.path("expires_in").asLong(0);
            return new RenewingAuth.Token(value, expiresIn > 0 ? now + expiresIn * 1000 : Long.MAX_VALUE);
        }, null, format, null, config.ivanti().auth().renewBefore(), System::currentTimeMillis);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A login or token request: outside the breaker and limits (it runs inside a guarded call). */
    private JsonNode login(String what, Function<String, Response> request, String header) {
        try (Response response = send(what, request, header)) {
            int status = response.getStatus();
            if (status == 400 || status == 401) {
                // A failed login is a 400 ISM_4000 (row 2), not a 401; a token endpoint says 400/401 invalid_client.
                // The body is not kept: it may echo what was sent.
                throw new IvantiException.Unauthorized("The " + what + " was refused (" + status + "); check "
                        + "bridge.ivanti.auth.*", List.of());
            }
            return read(what, response);
        }
    }

    private static String required(Optional<String> value, String property, String mode) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(property + " ("
                + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                + ") must be set for bridge.ivanti.auth.mode=" + mode));
    }

    private static QuarkusRestClientBuilder builder(BridgeConfig config, String baseUrl) {
        BridgeConfig.Pool pool = config.ivanti().pool();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(config.ivanti().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.ivanti().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, pool.size())
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, pool.keepAlive())
                .property(QuarkusRestClientProperties.CONNECTION_TTL, (int) pool.connectionTtl().toSeconds())
                .property("microprofile.rest.client.disable.default.mapper", true);
    }

    /** The configured tenant, or the emulator on this process's own HTTP port. */
    private static String tenantUrl(BridgeConfig config) {
        return config.ivanti().url().orElseGet(() -> {
            String property = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
            int port = ConfigProvider.getConfig().getOptionalValue(property, Integer.class)
                    .orElse(LaunchMode.current() == LaunchMode.TEST ? 8081 : 8080);
            return "http://localhost:" + port + "/emulator";
        });
    }

    /**
     * The business-object root: {@code apiPath} relative to the tenant, or an absolute URL on the tenant's own scheme,
     * host and port. Any other host is refused (SSRF guard: the credential would be sent there).
     */
    static String apiBase(String tenant, String apiPath) {
        URI t = URI.create(tenant);
        if (t.getScheme() == null || t.getHost() == null) {
            throw new IllegalStateException("bridge.ivanti.url (BRIDGE_IVANTI_URL) must be an absolute http(s) URL, "
                    + "e.g. https://acme.ivanticloud.com");
        }
        String path = apiPath == null || apiPath.isBlank() ? "/api/odata/businessobject/" : apiPath.trim();
        URI p;
        try {
            p = URI.create(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bridge.ivanti.api-path (BRIDGE_IVANTI_API_PATH) is not a valid path");
        }
        if (p.getScheme() == null && p.getAuthority() == null) {
            return join(tenant, path);
        }
        boolean same = p.getScheme() != null && p.getScheme().equalsIgnoreCase(t.getScheme()) && p.getHost() != null
                && p.getHost().equalsIgnoreCase(t.getHost()) && port(p) == port(t);
        if (!same) {
            throw new IllegalStateException("bridge.ivanti.api-path (BRIDGE_IVANTI_API_PATH) is an absolute URL on "
                    + p.getHost() + ", not on the tenant " + t.getHost() + " of bridge.ivanti.url; refused: the "
                    + "Ivanti credential is only ever sent to the tenant's own host");
        }
        // The credential goes to the tenant's own origin; only the path is taken from the absolute form.
        return join(t.getScheme() + "://" + t.getRawAuthority(), p.getRawPath() == null ? "/" : p.getRawPath());
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** {@code …/api/odata/businessobject/} → {@code …/api/odata/} (row 24: no {@code businessobject} segment). */
    static String metadataBase(String apiBase) {
        int i = apiBase.toLowerCase(Locale.ROOT).lastIndexOf("/businessobject/");
        return i > 0 ? apiBase.substring(0, i + 1) : apiBase;
    }

    /** The tenant root below which {@code api/rest/authentication/login} lives ({@code /HEAT} on-prem). */
    static String loginBase(String apiBase) {
        URI u = URI.create(apiBase);
        String path = u.getRawPath() == null ? "/" : u.getRawPath();
        int api = path.toLowerCase(Locale.ROOT).indexOf("/api/");
        String root = api >= 0 ? path.substring(0, api + 1) : "/";
        return u.getScheme() + "://" + u.getRawAuthority() + root;
    }

    private static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String p = path.startsWith("/") ? path : "/" + path;
        return p.endsWith("/") ? b + p : b + p + "/";
    }

    /**
     * Exponential backoff with jitter; a {@code Retry-After} from a 429/503 (docs/ivanti-api.md §7) replaces the computed
     * delay when the retry predicate let it through (at most {@code bridge.ivanti.retry.max-retry-after}).
     */
    static final class Backoff implements CustomBackoffStrategy {

        private final long maxDelay;
        private final double jitter;
        private final long maxRetryAfter;
        private long next;

        Backoff(long maxDelay, double jitter, long maxRetryAfter) {
            this.maxDelay = maxDelay;
            this.jitter = Math.max(0, Math.min(1, jitter));
            this.maxRetryAfter = maxRetryAfter;
        }

        @Override
        public void init(long initialDelayInMillis) {
            next = Math.max(0, initialDelayInMillis);
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            if (cause instanceof IvantiException.Unavailable u && u.retryAfterSeconds() > 0) {
                return Math.min(u.retryAfterSeconds() * 1000, maxRetryAfter);
            }
            long base = Math.min(next, maxDelay);
            next = Math.min(maxDelay, Math.max(1, next * 2));
            long spread = (long) (base * jitter);
            return base - spread + (spread > 0 ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
        }
    }
}
