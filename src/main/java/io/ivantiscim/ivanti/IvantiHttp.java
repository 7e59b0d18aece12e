package io.ivantiscim.ivanti;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ivantiscim.audit.RequestAudit;
import io.ivantiscim.config.BridgeConfig;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;

/**
 * The transport of the OData calls: one pooled Vert.x {@link HttpClient} toward the tenant's origin, used blocking
 * from the calling worker thread. It replaced the MicroProfile REST client on this path (issue 14): the REST client's
 * per-call handler chain, URI templates, provider filters and its blocking input stream of the answer were about a
 * third of the bridge's CPU samples, for calls whose shape is fixed. What the REST client gave is kept here: the
 * connect and read timeouts, the connection pool ({@code bridge.ivanti.pool.*}), TLS with the JVM's trust store for
 * an {@code https} tenant, the {@code http.client.requests} timer (same name and tags, the URI tag a template, one
 * timer looked up per template and status), and the audit's count of the SCIM request's Ivanti calls. The whole answer
 * is read into memory as bytes (Ivanti pages are bounded by {@code $top}); status and body are judged by
 * {@link IvantiResponses}, so nothing here throws on status.
 */
final class IvantiHttp {

    /**
     * An answer as read off the wire: its body is {@code length} bytes of {@code bytes} from {@code offset}.
     * {@code retryAfter} is the raw {@code Retry-After} header or null.
     */
    record Answer(int status, byte[] bytes, int offset, int length, String retryAfter) {

        Answer(int status, byte[] body, String retryAfter) {
            this(status, body, 0, body.length, retryAfter);
        }

        /**
         * The body read in place from the buffer Vert.x gathered it in (a heap buffer nothing else holds), not
         * copied out first (issue 14: a copy of every answer).
         */
        @SuppressWarnings("deprecation") // Vert.x 4.5 has no other way to the ByteBuf (5's BufferInternal)
        static Answer of(int status, Buffer body, String retryAfter) {
            ByteBuf buf = body.getByteBuf();
            return buf.hasArray()
                    ? new Answer(status, buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes(),
                            retryAfter)
                    : new Answer(status, body.getBytes(), retryAfter);
        }

        /** The body as text. */
        String text() {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
    }

    /** A call's shape: its method and path template, the URI tag of its timer. */
    enum Route {

        LIST(HttpMethod.GET, "{set}"), CREATE(HttpMethod.POST, "{set}"), UPDATE(HttpMethod.PATCH,
                "{set}('{id}')"), DELETE(HttpMethod.DELETE, "{set}('{id}')"), RELATED(HttpMethod.GET,
                        "{set}('{id}')/{relationship}"), LINK(HttpMethod.PATCH,
                                "{set}('{id}')/{relationship}('{otherId}')/$Ref"), UNLINK(HttpMethod.DELETE,
                                        "{set}('{id}')/{relationship}('{otherId}')/$Ref"), METADATA(HttpMethod.GET,
                                                "{set}/$metadata");

        final HttpMethod method;
        final String template;

        Route(HttpMethod method, String template) {
            this.method = method;
            this.template = template;
        }
    }

    private static final String JSON = "application/json";

    /**
     * The one event-loop context every call runs on. {@code vertx.getOrCreateContext()} on a thread that is not a
     * Vert.x thread (the calling workers) makes a new event-loop context for that thread, held only weakly, so anew
     * after each garbage collection: calls landed on every event loop in turn, while a pooled connection stays on the
     * loop that opened it, so answers were handed from loop to loop (issue 15: a 2,000-member push). On one context,
     * a pooled connection is used where it lives.
     */
    private final Context context;
    private final HttpClient client;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;
    private final Tags origin;
    private final String basePath;
    private final String metadataPath;
    /** One timer per route and status, so a call records without building tags. */
    private final EnumMap<Route, ConcurrentHashMap<Integer, Timer>> timers = new EnumMap<>(Route.class);
    private volatile RequestAudit audit;

    IvantiHttp(Vertx vertx, BridgeConfig config, String baseUrl, String metadataUrl) {
        URI base = URI.create(baseUrl);
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() >= 0 ? base.getPort() : https ? 443 : 80;
        BridgeConfig.Pool pool = config.ivanti().pool();
        this.connectTimeoutMillis = config.ivanti().connectTimeout().toMillis();
        this.readTimeoutMillis = config.ivanti().readTimeout().toMillis();
        // No metrics name: Quarkus's Vert.x client metrics would tag each raw URI (ids, filters); the timer is ours.
        HttpClientOptions options = new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(port)
                .setSsl(https).setVerifyHost(true).setConnectTimeout((int) connectTimeoutMillis)
                .setKeepAlive(pool.keepAlive()).setKeepAliveTimeout((int) Math.max(1, pool.connectionTtl().toSeconds()))
                .setDecompressionSupported(false);
        this.context = vertx instanceof VertxInternal internal
                ? internal.createEventLoopContext()
                : vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(pool.size()));
        this.basePath = base.getRawPath();
        this.metadataPath = URI.create(metadataUrl).getRawPath();
        String address = base.getHost() + ":" + port;
        this.origin = Tags.of("address", address, "clientName", base.getHost());
        for (Route route : Route.values()) {
            timers.put(route, new ConcurrentHashMap<>());
        }
    }

    /** A new path below the business-object root ({@code …/businessobject/}), to append encoded segments to. */
    StringBuilder path() {
        return new StringBuilder(basePath.length() + 96).append(basePath);
    }

    /** A path below the OData root ({@code $metadata}, docs/ivanti-api.md row 24). */
    String metadataPath(String set) {
        return metadataPath + encode(set) + "/$metadata";
    }

    /**
     * Sends one request and waits for the whole answer. The read timeout is Vert.x's idle timeout (no byte for that
     * long fails the call), the connect timeout also bounds the wait for a pooled connection; the wait here is only a
     * backstop over both. A connection refused, reset or timed out is {@link IvantiException.Unavailable}.
     */
    Answer send(String what, Route route, String pathAndQuery, String authorization, byte[] body) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Ivanti calls block; " + what + " was made on an event loop");
        }
        countForAudit();
        RequestOptions request = new RequestOptions().setMethod(route.method).setURI(pathAndQuery)
                .setConnectTimeout(connectTimeoutMillis).setIdleTimeout(readTimeoutMillis)
                .putHeader(HttpHeaders.ACCEPT, route == Route.METADATA ? "application/xml" : JSON);
        if (authorization != null) {
            request.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        // A write without a body still says Content-Length: 0 (IIS answers 411 to a PATCH without it).
        // Wrapped, not copied: the bytes are only read, so every attempt of a call may wrap the same array.
        Buffer entity = body != null
                ? wrap(body)
                : route.method == HttpMethod.GET || route.method == HttpMethod.DELETE ? null : Buffer.buffer();
        if (body != null) {
            request.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        }
        long start = System.nanoTime();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        // The chain is built on the event loop: attached from this thread, a stage whose future had already
        // completed would run here, after the answer's bytes were delivered to no handler (a lost body).
        context.runOnContext(v -> client.request(request)
                .compose(r -> entity == null ? r.send() : r.send(entity))
                .compose(r -> {
                    int status = r.statusCode();
                    String retryAfter = r.getHeader(HttpHeaders.RETRY_AFTER);
                    return r.body().map(b -> Answer.of(status, b, retryAfter));
                })
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        answer.complete(ar.result());
                    } else {
                        answer.completeExceptionally(ar.cause());
                    }
                }));
        Answer result = await(what, answer);
        timer(route, result.status()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return result;
    }

    @SuppressWarnings("deprecation") // Vert.x 4.5's only way to wrap bytes without a copy (5's BufferInternal)
    private static Buffer wrap(byte[] body) {
        return Buffer.buffer(Unpooled.wrappedBuffer(body));
    }

    private Answer await(String what, CompletableFuture<Answer> answer) {
        try {
            return answer.get(connectTimeoutMillis + 4 * readTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw IvantiResponses.unreachable(what, e.getCause());
        } catch (TimeoutException e) {
            throw IvantiResponses.unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IvantiException.Unavailable("Interrupted while waiting for Ivanti to answer " + what, List.of(),
                    0, IvantiException.Reason.UNREACHABLE);
        }
    }

    private Timer timer(Route route, int status) {
        return timers.get(route).computeIfAbsent(status, s -> Timer.builder("http.client.requests")
                .tags(origin).tags("method", route.method.name(), "uri", basePath + route.template, "status",
                        Integer.toString(s), "outcome", Outcome.forStatus(s).name())
                .register(Metrics.globalRegistry));
    }

    /**
     * The audit's Ivanti call count of the SCIM request this call belongs to (what {@code IvantiCallCounter} counts
     * for the REST clients of the login and token endpoints). Calls outside a request are not counted.
     */
    private void countForAudit() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.requestContext().isActive()) {
            return;
        }
        RequestAudit proxy = audit;
        if (proxy == null) {
            // The request-scoped bean's client proxy: resolved once, it reaches each request's own instance.
            proxy = arc.instance(RequestAudit.class).get();
            audit = proxy;
        }
        if (proxy != null && proxy.started()) {
            proxy.ivantiCall();
        }
    }

    /** A query parameter, {@code &name=value} with the value percent-encoded (docs/ivanti-api.md §8.4). */
    static void param(StringBuilder query, String name, Object value) {
        if (value == null) {
            return;
        }
        query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(encode(value.toString()));
    }

    /**
     * Every byte but RFC 3986's unreserved characters percent-encoded: a value can never add a parameter or a path
     * segment, and the length is at most what {@link ODataRequest#encodedQueryLength()} counted.
     */
    static String encode(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && unreserved(value.charAt(i))) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder b = new StringBuilder(n + 16).append(value, 0, i);
        for (byte c : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
            if (unreserved((char) c)) {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return b.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** Closes the pooled connections at shutdown. */
    void close() {
        client.close();
    }
}
