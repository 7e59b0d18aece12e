package io.ivantiscim.ivanti;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * MicroProfile REST clients for Ivanti's login and token endpoints, built from {@code bridge.ivanti.*}: a call per
 * session, not per SCIM request. The OData calls go through {@link IvantiHttp}.
 */
final class IvantiRestClients {

    private IvantiRestClients() {
    }

    /**
     * A builder for one REST client interface at {@code baseUrl}: the configured timeouts and connection pool, and the
     * default exception mapper off so that {@link IvantiResponses} reads every status itself.
     */
    static QuarkusRestClientBuilder builder(BridgeConfig config, String baseUrl) {
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
}
