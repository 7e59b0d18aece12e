package io.ivantiscim.ivanti;

import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.LaunchMode;

/**
 * The bridge's only way to Ivanti: a public decorator over the package-private REST client that owns authentication,
 * the reading of Ivanti's unusual answers (ivanti-api.md §8), and fault tolerance. Reads are retried with backoff and
 * jitter when Ivanti is unavailable; writes never are (a write that timed out may have happened, so the provisioning
 * layer re-reads before trying again). A circuit breaker turns a dead tenant into fast failures.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
public class IvantiClient {

    private static final Logger LOG = Logger.getLogger(IvantiClient.class);

    private final IvantiODataApi api;
    private final IvantiMetadataApi metadataApi;
    private final IvantiAuth auth;
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;

    IvantiClient(BridgeConfig config) {
        String tenant = tenantUrl(config);
        String apiPath = config.ivanti().apiPath();
        this.baseUrl = join(tenant, apiPath);
        this.api = builder(config, baseUrl).build(IvantiODataApi.class);
        // $metadata lives beside the business-object root: /api/odata/{set}/$metadata (ivanti-api.md §6).
        this.metadataApi = builder(config, baseUrl.replaceFirst("(?i)businessobject/$", ""))
                .build(IvantiMetadataApi.class);
        this.auth = switch (config.ivanti().auth().mode()) {
            case API_KEY -> new ApiKeyAuth(config.ivanti().auth().apiKey()
                    .or(() -> config.ivanti().url().isEmpty()
                            ? Optional.of(config.emulator().apiKey())
                            : Optional.empty())
                    .orElseThrow(
                            () -> new IllegalStateException("bridge.ivanti.auth.api-key (BRIDGE_IVANTI_AUTH_API_KEY) "
                                    + "must be set for bridge.ivanti.auth.mode=api-key")));
            case SESSION -> sessionAuth(config, tenant, apiPath);
        };
    }

    /** The tenant's business-object root this client talks to, for start-up logs and error details. */
    public String baseUrl() {
        return baseUrl;
    }

    /** One page of a collection. */
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = IvantiException.Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public ODataPage list(String set, ODataRequest request) {
        JsonNode body = call("list " + set, h -> api.list(set, h, request.filter(), request.search(),
                request.selectParam(), request.orderBy(), request.top(), request.skip()));
        return page(body);
    }

    /**
     * One record by RecId, or empty when Ivanti does not know it. A single-record GET with {@code $select} answers
     * only {@code @odata.context} (row 15), so the bridge reads the record through its collection with
     * {@code RecId eq} and {@code $select}: one call, only the mapped fields.
     */
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = IvantiException.Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public Optional<ObjectNode> get(String set, String recId, List<String> select) {
        ODataPage page = page(call("get " + set, h -> api.list(set, h, "RecId eq " + literal(recId), null,
                String.join(",", select), null, 1, 0)));
        return page.rows().stream().findFirst();
    }

    /** Creates a record; answers the record as Ivanti stored it. Never retried. */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public ObjectNode create(String set, ObjectNode fields) {
        return record(call("create " + set, h -> api.create(set, h, fields.toString())));
    }

    /** Updates the given fields of a record (Ivanti merges, row 20); answers the stored record. Never retried. */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public ObjectNode update(String set, String recId, ObjectNode fields) {
        return record(call("update " + set, h -> api.update(set, recId, h, fields.toString())));
    }

    /** Deletes a record. Ivanti answers 204 even for an id it does not know (row 21). Never retried. */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public void delete(String set, String recId) {
        call("delete " + set, h -> api.delete(set, recId, h));
    }

    /**
     * One page of the records related to {@code recId} through a navigation property (ivanti-api.md §5). Ivanti's
     * {@code {"value":"No instances found."}} reads as an empty page.
     */
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = IvantiException.Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public ODataPage related(String set, String recId, String relationship, List<String> select, int top, int skip) {
        return page(call("related " + set + "/" + relationship, h -> api.related(set, recId, relationship, h,
                String.join(",", select), top, skip)));
    }

    /**
     * Links two records ({@code PATCH …/{relationship}('{other}')/$Ref}). Never retried. Ivanti can report a failed
     * link as a 200 whose code is not {@code ISM_2000} (ivanti-api.md §5): that is an error here.
     */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public void link(String set, String recId, String relationship, String otherId) {
        checkRelationshipAnswer("link",
                call("link " + set + "/" + relationship, h -> api.link(set, recId, relationship, otherId, h)));
    }

    /** Removes a link ({@code DELETE …/$Ref}); unlinking what was never linked succeeds. Never retried. */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public void unlink(String set, String recId, String relationship, String otherId) {
        checkRelationshipAnswer("unlink",
                call("unlink " + set + "/" + relationship, h -> api.unlink(set, recId, relationship, otherId, h)));
    }

    /** The EDMX {@code $metadata} document of a collection, as XML text. */
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = IvantiException.Unavailable.class)
    public String metadata(String set) {
        String header = auth.header();
        try (Response response = send("metadata " + set, h -> metadataApi.metadata(set, h), header)) {
            if (response.getStatus() == 200) {
                return response.readEntity(String.class);
            }
            read("metadata " + set, response);
            throw new IvantiException.Unavailable("Ivanti answered " + response.getStatus() + " to metadata " + set,
                    List.of(), 0);
        }
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
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = java.time.temporal.ChronoUnit.SECONDS, failOn = IvantiException.Unavailable.class)
    public void probe(String set) {
        call("probe " + set, h -> api.list(set, h, null, null, "RecId", null, 1, 0));
    }

    /** An OData string literal: single-quoted, quotes doubled (ivanti-api.md §8.4). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private JsonNode call(String what, Function<String, Response> request) {
        String header = auth.header();
        Response first = send(what, request, header);
        if (first.getStatus() != 401 || !auth.refresh(header)) {
            try (first) {
                return read(what, first);
            }
        }
        first.close();
        try (Response second = send(what, request, auth.header())) {
            return read(what, second);
        }
    }

    private static Response send(String what, Function<String, Response> request, String header) {
        try {
            return request.apply(header);
        } catch (ProcessingException e) {
            // Connection refused, reset or timed out: the tenant is unreachable, or for a write, the outcome unknown.
            throw new IvantiException.Unavailable("Ivanti did not answer " + what + ": " + rootMessage(e), List.of(),
                    0);
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
        throw new IvantiException.Unavailable(summary, messages, retryAfter(response));
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

    private IvantiAuth sessionAuth(BridgeConfig config, String tenant, String apiPath) {
        BridgeConfig.Auth a = config.ivanti().auth();
        int api = apiPath.toLowerCase(Locale.ROOT).indexOf("/api/");
        String loginBase = join(tenant, api > 0 ? apiPath.substring(0, api) : "/");
        IvantiLoginApi login = builder(config, loginBase).build(IvantiLoginApi.class);
        ObjectNode body = json.createObjectNode()
                .put("tenant", a.tenant().orElseGet(() -> URI.create(tenant).getHost()))
                .put("username", required(a.username(), "bridge.ivanti.auth.username"))
                .put("password", required(a.password(), "bridge.ivanti.auth.password"))
                .put("role", a.role());
        return new SessionKeyAuth(() -> {
            JsonNode key = call("login", h -> login.login(body.toString()), null);
            if (key == null || !key.isTextual()) {
                throw new IvantiException.Unauthorized("Ivanti's login answered no session key", List.of());
            }
            return key.asText();
        });
    }

    private JsonNode call(String what, Function<String, Response> request, String header) {
        try (Response response = send(what, request, header)) {
            if (response.getStatus() == 400) {
                // A failed login is a 400 ISM_4000 (row 2), not a 401.
                throw new IvantiException.Unauthorized("Ivanti refused the login for bridge.ivanti.auth.username: "
                        + messages(response.hasEntity() ? response.readEntity(String.class) : ""), List.of());
            }
            return read(what, response);
        }
    }

    private static String required(Optional<String> value, String property) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(property + " ("
                + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                + ") must be set for bridge.ivanti.auth.mode=session"));
    }

    private static QuarkusRestClientBuilder builder(BridgeConfig config, String baseUrl) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(config.ivanti().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.ivanti().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
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

    private static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String p = path.startsWith("/") ? path : "/" + path;
        return p.endsWith("/") ? b + p : b + p + "/";
    }
}
