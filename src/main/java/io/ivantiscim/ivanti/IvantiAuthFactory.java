package io.ivantiscim.ivanti;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.config.BridgeConfig;

/**
 * Builds the {@link IvantiAuth} of {@code bridge.ivanti.auth.mode} ({@code docs/ivanti-api.md} §1.2): a static REST
 * API key, a session or OIDC login renewed by {@link RenewingAuth}, or OAuth2 client credentials. Every property a
 * mode needs is checked here, so a missing one stops start-up with a message naming it (and never its value).
 */
final class IvantiAuthFactory {

    private static final Logger LOG = Logger.getLogger(IvantiAuthFactory.class);

    private IvantiAuthFactory() {
    }

    /** The credential strategy of {@code bridge.ivanti.auth.mode}; a missing property stops start-up, named. */
    static IvantiAuth create(BridgeConfig config, String tenant, String baseUrl) {
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
            case SESSION, JWT -> loginAuth(config, tenant, baseUrl, format, modeName);
            case OAUTH2 -> oauth2Auth(config, format);
        };
    }

    private static IvantiAuth loginAuth(BridgeConfig config, String tenant, String baseUrl, String format,
            String modeName) {
        BridgeConfig.Auth a = config.ivanti().auth();
        // The credentials are checked before the REST client is built, so the checks need no running application.
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("tenant", a.tenant().orElseGet(() -> URI.create(tenant).getHost()))
                .put("username", required(a.username(), "bridge.ivanti.auth.username", modeName))
                .put("password", required(a.password(), "bridge.ivanti.auth.password", modeName))
                .put("role", a.role());
        IvantiLoginApi login = IvantiRestClients.builder(config, IvantiUrls.loginBase(baseUrl))
                .build(IvantiLoginApi.class);
        boolean jwt = a.mode() == BridgeConfig.AuthMode.JWT;
        return new RenewingAuth(modeName, () -> {
            JsonNode key = login("login", h -> login.login(body.toString()));
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

    private static IvantiAuth oauth2Auth(BridgeConfig config, String format) {
        BridgeConfig.OAuth2 o = config.ivanti().auth().oauth2();
        String tokenUrl = required(o.tokenUrl(), "bridge.ivanti.auth.oauth2.token-url", "oauth2");
        String clientId = required(o.clientId(), "bridge.ivanti.auth.oauth2.client-id", "oauth2");
        String secret = required(o.clientSecret(), "bridge.ivanti.auth.oauth2.client-secret", "oauth2");
        URI uri = URI.create(tokenUrl);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalStateException("bridge.ivanti.auth.oauth2.token-url (BRIDGE_IVANTI_AUTH_OAUTH2_TOKEN_URL) "
                    + "must be an absolute http(s) URL");
        }
        IvantiTokenApi api = IvantiRestClients.builder(config, tokenUrl).build(IvantiTokenApi.class);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        String body = "grant_type=client_credentials" + o.scope().filter(sc -> !sc.isBlank())
                .map(sc -> "&scope=" + form(sc)).orElse("");
        return new RenewingAuth("oauth2", () -> {
            long now = System.currentTimeMillis();
            JsonNode token = login("token request", h -> api.token(basic, body));
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
    private static JsonNode login(String what, Function<String, Response> request) {
        try (Response response = IvantiResponses.send(what, request, null)) {
            return IvantiResponses.login(what, response);
        }
    }

    private static String required(Optional<String> value, String property, String mode) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(property + " ("
                + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                + ") must be set for bridge.ivanti.auth.mode=" + mode));
    }
}
