package io.ivantiscim.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The driver's HTTP/1.1 client (Apache HttpClient 5, classic): each load thread writes its request and reads the
 * answer on its own socket, kept alive in a pool, so a call costs the driver one thread's work and one wake-up.
 * The JDK's {@code HttpClient} it replaces answers a blocking {@code send} through its selector thread and an
 * executor thread (two hand-offs per call), which on the bench's two shared cores was CPU taken from the processes
 * being measured (bench/README.md, "Driver CPU"). Nothing is retried, redirected, compressed or cached: every answer
 * the bench checks is the one the server sent.
 */
final class Http implements AutoCloseable {

    /** A status and the body as text (UTF-8 unless the answer names its charset); an empty body is {@code ""}. */
    record Response(int status, String body) {
    }

    private final CloseableHttpClient client;

    /** {@code connections}: at least the highest concurrency, so no load thread waits for a pooled connection. */
    Http(int connections) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                // Nagle's algorithm would hold a request's body back until the headers' segment is acknowledged.
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                        // A connection idle between phases is checked before reuse (a server may have closed it).
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                .build();
        this.client = HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries()
                .disableRedirectHandling().disableContentCompression().disableCookieManagement()
                .disableAuthCaching().build();
    }

    /**
     * Sends one request and reads its whole answer; {@code headers} are name, value pairs. A request that gets no
     * answer within {@code timeout} throws {@link HttpTimeoutException}, as the JDK client did (the group phase tells
     * a timed-out push by it).
     */
    Response send(String method, String url, String body, Duration timeout, String... headers) throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(url));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), null));
        }
        request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        try {
            return client.execute(request, (ClassicHttpResponse r) -> {
                HttpEntity e = r.getEntity();
                return new Response(r.getCode(), e == null ? "" : EntityUtils.toString(e, StandardCharsets.UTF_8));
            });
        } catch (SocketTimeoutException e) {
            HttpTimeoutException t = new HttpTimeoutException(method + " " + url + " timed out after " + timeout);
            t.initCause(e);
            throw t;
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
