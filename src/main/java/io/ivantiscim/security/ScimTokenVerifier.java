package io.ivantiscim.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.runtime.Startup;

/**
 * Verifies the bootstrap bearer token from {@code bridge.security.bootstrap-token}, which exists so that a first
 * connection works before any token is generated through the admin API. Only when the bridge runs on its built-in
 * emulator (no tenant configured) does it fall back to the well-known demo token, so a bridge pointed at a real tenant
 * never accepts a guessable credential; with no bootstrap token there, only generated tokens are accepted.
 */
@Startup
@Singleton
public class ScimTokenVerifier {

    /** The token {@code make run} prints; accepted only when the bridge runs on its built-in emulator. */
    public static final String DEMO_TOKEN = "demo-scim-token";

    private static final Logger LOG = Logger.getLogger(ScimTokenVerifier.class);

    private final byte[] expectedDigest;

    ScimTokenVerifier(BridgeConfig config) {
        String token = config.security().bootstrapToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null && config.ivanti().url().isPresent()) {
            LOG.info("No bridge.security.bootstrap-token set: IdPs authenticate with tokens generated through the "
                    + "admin API (make token IDP=okta).");
            this.expectedDigest = null;
            return;
        }
        if (token == null) {
            LOG.warn("No bridge.security.bootstrap-token set: accepting the demo token because the bridge runs on its "
                    + "built-in Ivanti emulator.");
            token = DEMO_TOKEN;
        }
        this.expectedDigest = sha256(token);
    }

    /**
     * True when the presented token is the configured one. Both sides are hashed first so the comparison is
     * constant-time and independent of the token's length.
     */
    public boolean verify(String presented) {
        return expectedDigest != null && presented != null
                && MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    /** {@link #verify} for a token already hashed with SHA-256 (the token service hashes every presented token). */
    public boolean verifyDigest(byte[] presentedDigest) {
        return expectedDigest != null && presentedDigest != null
                && MessageDigest.isEqual(expectedDigest, presentedDigest);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
