package io.ivantiscim.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.health.IvantiReadinessCheck;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The operator console: static files from the jar under {@code /console/} on the management interface (never the SCIM
 * port), and the two admin API endpoints it needs beyond the token and audit ones:
 *
 * <pre>
 * GET /admin/status     connection verdict (the readiness check's words), breaker, limits, version, uptime, store
 * GET /admin/counters   the bridge's counters over the last hour ({@link CounterHistory})
 * </pre>
 *
 * The page itself holds no data: it signs in with the admin credential and sends it on every admin API call, so the
 * browser never holds an ambient credential a forged request could ride on. On top of that, a state-changing admin
 * call that a browser sends (it carries {@code Origin}) must come from the console's own origin with the
 * {@code X-Bridge-Console} header, which a cross-site page cannot add without a CORS preflight the bridge never
 * grants. curl and {@code make} send no {@code Origin} and are unaffected.
 */
@ApplicationScoped
public class ConsoleRoutes {

    /** Header the console sends on every admin call. */
    static final String CONSOLE_HEADER = "X-Bridge-Console";

    private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class);
    private static final Map<String, String> FILES = Map.of("index.html", "text/html; charset=utf-8", "console.css",
            "text/css; charset=utf-8", "console.js", "text/javascript; charset=utf-8");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final BridgeConfig config;
    private final IvantiReadinessCheck readiness;
    private final CounterHistory counters;
    private final String version;
    private final Map<String, Buffer> files;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    ConsoleRoutes(BridgeConfig config, @Readiness IvantiReadinessCheck readiness, CounterHistory counters) {
        this.config = config;
        this.readiness = readiness;
        this.counters = counters;
        this.version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
        this.files = FILES.keySet().stream().collect(java.util.stream.Collectors.toMap(f -> f, ConsoleRoutes::load));
    }

    /** After {@code AdminRoutes}, whose {@code /admin/*} credential check must come before these routes. */
    void register(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) ManagementInterface management) {
        Router router = management.router();
        router.route("/admin/*").order(Integer.MIN_VALUE).handler(this::guard);
        router.get("/admin/status").blockingHandler(rc -> send(rc, status()), false);
        router.get("/admin/counters").handler(rc -> send(rc, counters()));
        // Vert.x matches "/console" for "/console/" too: one route, the page at the slash (its links are relative).
        router.get("/console").handler(rc -> {
            if (rc.request().path().endsWith("/")) {
                file(rc, "index.html");
            } else {
                rc.redirect("/console/");
            }
        });
        router.get("/console/:file").handler(rc -> file(rc, rc.pathParam("file")));
    }

    /**
     * Refuses cross-site state changes, and keeps a failed sign-in from opening the browser's own password dialog
     * (which would store the credential as an ambient one).
     */
    void guard(RoutingContext rc) {
        boolean console = rc.request().getHeader(CONSOLE_HEADER) != null;
        if (console) {
            rc.addHeadersEndHandler(v -> rc.response().headers().remove("WWW-Authenticate"));
        }
        HttpMethod method = rc.request().method();
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        if (!safe && origin != null && (!console || !sameOrigin(origin, rc.request().getHeader(HttpHeaders.HOST)))) {
            rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(json.createObjectNode().put("status", 403).put("error", "Cross-site admin requests are "
                            + "refused: use the console at /console/ on this port, curl or make.").toString());
            return;
        }
        rc.next();
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    ObjectNode status() {
        ObjectNode s = json.createObjectNode();
        s.put("version", version);
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        s.put("startedAt", started.toString());
        s.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        s.put("store", storeKind(config.store().url()));
        s.put("emulator", config.ivanti().url().isEmpty());
        HealthCheckResponse r = readiness.call();
        ObjectNode ivanti = s.putObject("ivanti");
        ivanti.put("tenant", config.ivanti().url().orElse("built-in emulator"));
        ivanti.put("auth", config.ivanti().auth().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        ivanti.put("status", r.getStatus().name());
        r.getData().ifPresent(d -> d.forEach((k, v) -> ivanti.put(k, String.valueOf(v))));
        ObjectNode limits = s.putObject("limits");
        BridgeConfig.Limits out = config.ivanti().limits();
        limits.putObject("outbound").put("requestsPerMinute", out.requestsPerMinute())
                .put("maxConcurrent", out.maxConcurrent()).put("waitTimeout", out.timeout().toString());
        BridgeConfig.RateLimit in = config.security().rateLimit();
        limits.putObject("inbound").put("requestsPerSecondPerConnection", in.requestsPerSecond())
                .put("burst", in.burst());
        BridgeConfig.Breaker b = config.ivanti().breaker();
        limits.putObject("breaker").put("requestVolumeThreshold", b.requestVolumeThreshold())
                .put("failureRatio", b.failureRatio()).put("delay", b.delay().toString());
        return s;
    }

    ObjectNode counters() {
        ObjectNode c = json.createObjectNode();
        c.put("intervalSeconds", CounterHistory.INTERVAL.toSeconds());
        ArrayNode samples = c.putArray("samples");
        List<CounterHistory.Sample> history = counters.lastHour();
        for (CounterHistory.Sample sample : history) {
            ObjectNode n = samples.addObject().put("at", sample.at().toString());
            ObjectNode values = n.putObject("values");
            sample.values().forEach(values::put);
        }
        return c;
    }

    static String storeKind(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return "PostgreSQL";
        }
        if (url.startsWith("jdbc:h2:mem:")) {
            return "H2 in memory";
        }
        return url.startsWith("jdbc:h2:") ? "H2 file" : url.split(":", 3)[1];
    }

    private void file(RoutingContext rc, String name) {
        Buffer body = files.get(name);
        if (body == null) {
            rc.response().setStatusCode(404).end();
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, FILES.get(name))
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(body);
    }

    private void send(RoutingContext rc, Object body) {
        try {
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.writeValueAsString(body));
        } catch (IOException e) {
            LOG.error("Console endpoint failed", e);
            rc.response().setStatusCode(500).end();
        }
    }

    private static Buffer load(String name) {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
