package io.ivantiscim.scim;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.security.TokenService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Authenticates every {@code /scim/} request and reads the body of an authenticated POST, PUT or PATCH on the event
 * loop, before Quarkus REST hands the request to a worker thread. Quarkus REST reads the body of a blocking resource
 * method through a blocking InputStream on the worker, which waits on the connection's monitor while the event loop
 * notifies it chunk by chunk: cross-thread wake-ups and lock traffic per request (issue 14; 1.9 % self samples in
 * {@code VertxInputStream$VertxBlockingInput$1.handle}). A body already in the routing context is taken as a byte array
 * instead ({@code VertxResteasyReactiveRequestContext.createInputStream}), so the resources still receive
 * {@code byte[]} and {@link ScimRequestReader} applies every body rule as before.
 * <p>
 * The rules of the blocking read hold here too: an unauthenticated request's body is never read (the 401 of
 * {@link ScimRequestFilter} comes first), a declared {@code Content-Length} over {@code bridge.scim.max-body-bytes} is
 * not read (the filter answers 413), at most one byte more than that limit is kept of a chunked body (the rest is
 * read and dropped, so {@link ScimRequestReader} answers 413 once it has ended), and a body that stalls for
 * {@code quarkus.http.read-timeout} closes the connection.
 */
@ApplicationScoped
class ScimBodyRoute {

    /** Routing-context key of the {@link TokenService.Caller} (or {@link #NO_CALLER}) found for the request. */
    static final String CALLER = ScimBodyRoute.class.getName() + ".caller";
    /** Marks a request whose token was checked and refused. */
    static final Object NO_CALLER = new Object();

    private static final Logger LOG = Logger.getLogger(ScimBodyRoute.class);
    private static final String BEARER = "bearer ";

    private final TokenService tokens;
    private final BridgeConfig config;
    private final long readTimeoutMillis;

    ScimBodyRoute(TokenService tokens, BridgeConfig config,
            @ConfigProperty(name = "quarkus.http.read-timeout", defaultValue = "60s") Duration readTimeout) {
        this.tokens = tokens;
        this.config = config;
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
    }

    void install(@Observes Router router) {
        // After HeadDeadlineRoutes (Integer.MIN_VALUE), before every route that answers.
        router.route("/scim/*").order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    /** The caller of a bearer {@code Authorization} header value, or null. */
    TokenService.Caller authenticate(String authorization) {
        String token = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim()
                : null;
        return tokens.authenticate(token).orElse(null);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (config.emulator().standalone()) {
            rc.next();
            return;
        }
        TokenService.Caller caller = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        rc.put(CALLER, caller == null ? NO_CALLER : caller);
        HttpMethod method = request.method();
        boolean withBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        int max = config.scim().maxBodyBytes();
        long declared = declaredLength(request);
        // HTTP/2, and an h2c upgrade (the JDK HttpClient's default on http://), are left to Quarkus REST's own body
        // reading: Vert.x reads an upgrade request's body itself ("Request has already been read" here).
        boolean http2 = request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.UPGRADE);
        if (caller == null || !withBody || http2 || request.isEnded() || declared > max) {
            rc.next();
            return;
        }
        Body body = new Body(rc, max, declared);
        body.timer = rc.vertx().setTimer(readTimeoutMillis, id -> {
            body.timer = -1;
            LOG.debugf("Closing connection from %s: request body stalled for %d ms (quarkus.http.read-timeout)",
                    request.remoteAddress(), readTimeoutMillis);
            request.connection().close();
        });
        request.handler(body::chunk).endHandler(body::end).exceptionHandler(body::failed);
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The bytes of one body as they arrive, at most {@code max + 1} of them. */
    private static final class Body {

        private final RoutingContext rc;
        private final int keep;
        private final Buffer bytes;
        private long timer;

        Body(RoutingContext rc, int max, long declared) {
            this.rc = rc;
            this.keep = max + 1;
            this.bytes = Buffer.buffer(declared >= 0 ? (int) declared : 1024);
        }

        void chunk(Buffer chunk) {
            int room = keep - bytes.length();
            if (room <= 0) {
                return;
            }
            bytes.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
        }

        void end(Void ended) {
            if (cancelTimer()) {
                // How Vert.x's own BodyHandler hands on a body it has read (RoutingContext.setBody is deprecated for
                // applications; the internal interface's is what the router's handlers use).
                ((RoutingContextInternal) rc).setBody(bytes);
                rc.next();
            }
        }

        void failed(Throwable error) {
            // The connection broke mid-body (the timer's close comes here too): nobody is left to answer.
            cancelTimer();
        }

        private boolean cancelTimer() {
            if (timer < 0) {
                return false;
            }
            rc.vertx().cancelTimer(timer);
            timer = -1;
            return true;
        }
    }
}
