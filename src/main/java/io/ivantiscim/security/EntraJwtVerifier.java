package io.ivantiscim.security;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ivantiscim.config.BridgeConfig;

/**
 * Verifies the JWTs Entra's provisioning service sends when an app's Secret Token is left blank: RS256 signed by a key
 * of the configured JWKS, {@code iss} the configured tenant, {@code aud} Entra's provisioning audience, inside
 * {@code nbf}/{@code exp}. Only RS256 is accepted, so an unsigned ({@code alg:none}) or HMAC token can never pass.
 */
@ApplicationScoped
public class EntraJwtVerifier {

    private static final Logger LOG = Logger.getLogger(EntraJwtVerifier.class);
    private static final Duration REFETCH_AFTER = Duration.ofMinutes(5);

    private final BridgeConfig.Security.Entra config;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile Instant fetched = Instant.EPOCH;

    EntraJwtVerifier(BridgeConfig config) {
        this.config = config.security().entra();
        if (this.config.enabled()) {
            if (this.config.tenantId().isEmpty()) {
                throw new IllegalStateException("bridge.security.entra.tenant-id (BRIDGE_SECURITY_ENTRA_TENANT_ID) "
                        + "must be set when bridge.security.entra.enabled=true");
            }
            if (this.config.jwksFile().isEmpty() && this.config.jwksUrl().isEmpty()) {
                throw new IllegalStateException("bridge.security.entra.jwks-file or bridge.security.entra.jwks-url "
                        + "must be set when bridge.security.entra.enabled=true");
            }
            loadKeys();
        }
    }

    /** True when the setting is on and the presented value looks like a JWT. */
    public boolean applies(String presented) {
        return config.enabled() && presented != null && presented.chars().filter(c -> c == '.').count() == 2;
    }

    /** The connection label of a valid Entra token, or empty. */
    public Optional<String> verify(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            PublicKey key = key(header.path("kid").asText());
            if (key == null) {
                return Optional.empty();
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.empty();
            }
            return valid(claims) ? Optional.of(config.connection()) : Optional.empty();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            LOG.debugf("Rejected a malformed Entra token: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private boolean valid(JsonNode claims) {
        Instant now = Instant.now();
        long skew = config.clockSkew().toSeconds();
        String issuer = "https://sts.windows.net/" + config.tenantId().orElseThrow() + "/";
        JsonNode aud = claims.path("aud");
        boolean audience = aud.isArray()
                ? java.util.stream.StreamSupport.stream(aud.spliterator(), false)
                        .anyMatch(a -> a.asText().equals(config.audience()))
                : aud.asText().equals(config.audience());
        return issuer.equals(claims.path("iss").asText()) && audience
                && claims.path("exp").canConvertToLong() && claims.path("exp").asLong() + skew > now.getEpochSecond()
                && (!claims.has("nbf") || claims.path("nbf").asLong() - skew <= now.getEpochSecond());
    }

    private PublicKey key(String kid) {
        PublicKey key = keys.get(kid);
        if (key == null && config.jwksUrl().isPresent()
                && Duration.between(fetched, Instant.now()).compareTo(REFETCH_AFTER) > 0) {
            // Entra rotates its signing keys: an unknown kid is worth one refetch, at most every few minutes.
            loadKeys();
            key = keys.get(kid);
        }
        return key;
    }

    private synchronized void loadKeys() {
        try {
            String text;
            if (config.jwksFile().isPresent()) {
                text = Files.readString(config.jwksFile().get());
            } else {
                HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                        .send(HttpRequest.newBuilder(URI.create(config.jwksUrl().get()))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                text = response.body();
            }
            fetched = Instant.now();
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            for (JsonNode jwk : json.readTree(text).path("keys")) {
                if ("RSA".equals(jwk.path("kty").asText())) {
                    BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
                    BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
                    keys.put(jwk.path("kid").asText(), rsa.generatePublic(new RSAPublicKeySpec(n, e)));
                }
            }
            LOG.infof("Entra JWT verification: %d signing key(s) loaded", keys.size());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            LOG.warnf("Could not load Entra signing keys: %s", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
