package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Configuration errors stop the client at start-up with a message naming the property (and no secret). The checks
 * {@link IvantiClient}'s constructor runs, URL then credentials, are called directly: no application is started.
 */
class ConfigValidationTest {

    static BridgeConfig config(Map<String, String> values) {
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(BridgeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500)).build();
        return c.getConfigMapping(BridgeConfig.class);
    }

    /** The message of the URL check's refusal. */
    static String urlFailure(Map<String, String> values) {
        BridgeConfig config = config(values);
        return assertThrows(IllegalStateException.class,
                () -> IvantiUrls.apiBase(IvantiUrls.tenantUrl(config), config.ivanti().apiPath())).getMessage();
    }

    /** The message of the auth factory's refusal, given the URLs the client derives (which must pass). */
    static String authFailure(Map<String, String> values) {
        BridgeConfig config = config(values);
        String tenant = IvantiUrls.tenantUrl(config);
        String baseUrl = IvantiUrls.apiBase(tenant, config.ivanti().apiPath());
        return assertThrows(IllegalStateException.class, () -> IvantiAuthFactory.create(config, tenant, baseUrl))
                .getMessage();
    }

    @Test
    void oauth2WithoutTokenUrl() {
        String m = authFailure(Map.of("bridge.ivanti.url", "https://acme.ivanticloud.com", "bridge.ivanti.auth.mode",
                "oauth2", "bridge.ivanti.auth.oauth2.client-id", "c", "bridge.ivanti.auth.oauth2.client-secret",
                "s3cret"));
        assertTrue(
                m.contains("bridge.ivanti.auth.oauth2.token-url") && m.contains("BRIDGE_IVANTI_AUTH_OAUTH2_TOKEN_URL"),
                m);
        assertTrue(!m.contains("s3cret"), m);
    }

    @Test
    void apiPathOnAnotherHost() {
        String m = urlFailure(Map.of("bridge.ivanti.url", "https://acme.ivanticloud.com", "bridge.ivanti.api-path",
                "https://collector.example/api/odata/businessobject/", "bridge.ivanti.auth.api-key", "k"));
        assertTrue(m.contains("bridge.ivanti.api-path") && m.contains("collector.example"), m);
    }

    @Test
    void headerFormatWithoutPlaceholderAndMissingSessionPassword() {
        String m = authFailure(Map.of("bridge.ivanti.url", "https://acme.ivanticloud.com", "bridge.ivanti.auth.api-key",
                "k", "bridge.ivanti.auth.header-format", "Token"));
        assertTrue(m.contains("bridge.ivanti.auth.header-format"), m);
        m = authFailure(
                Map.of("bridge.ivanti.url", "https://acme.ivanticloud.com", "bridge.ivanti.auth.mode", "session",
                        "bridge.ivanti.auth.username", "u"));
        assertTrue(m.contains("BRIDGE_IVANTI_AUTH_PASSWORD"), m);
    }
}
