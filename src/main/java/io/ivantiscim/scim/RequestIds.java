package io.ivantiscim.scim;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.vertx.core.http.HttpServerRequest;

/**
 * A correlation id per SCIM request: the caller's {@code X-Request-Id}, {@code X-Correlation-Id} or Entra's
 * {@code client-request-id} when it is a sane token, otherwise a new one.
 * It goes into the log context (so every log line of the request carries it), back to the caller as
 * {@code X-Request-Id}, and into the detail of a 500, so an IdP admin's error and the operator's log line meet.
 */
public class RequestIds {

    /** Header carrying the correlation id both ways. */
    public static final String HEADER = "X-Request-Id";
    /** Log context key of the correlation id. */
    public static final String MDC_KEY = "requestId";

    private static final String[] CALLER_HEADERS = {HEADER, "X-Correlation-Id", "client-request-id"};
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** The current request's correlation id, or a fresh one outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? fresh() : id.toString();
    }

    /**
     * A new random (version 4) UUID. A correlation id only has to be unique, not unguessable, so it is drawn from
     * {@link ThreadLocalRandom} rather than {@link UUID#randomUUID}'s shared {@code SecureRandom}, which every request
     * thread would otherwise queue on (issue 14).
     */
    static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void assign(HttpServerRequest request) {
        String id = null;
        for (String header : CALLER_HEADERS) {
            String given = request.getHeader(header);
            if (given != null && SANE.matcher(given).matches()) {
                id = given;
                break;
            }
        }
        MDC.put(MDC_KEY, id == null ? fresh() : id);
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response) {
        Object id = MDC.get(MDC_KEY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id.toString());
            response.getHeaders().putSingle("X-Correlation-Id", id.toString());
        }
    }
}
