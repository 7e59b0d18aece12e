package io.ivantiscim.store;

import java.time.Instant;

/**
 * One SCIM token row: never the secret, only its SHA-256 (hex).
 *
 * @param slot 1 or 2: a connection has at most two tokens
 */
public record StoredToken(String id, String connection, int slot, String hash, boolean active, Instant created,
        Instant renewed, Instant lastUsed) {
}
