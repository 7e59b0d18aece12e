package io.ivantiscim.provisioning;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

import io.ivantiscim.config.BridgeConfig;

/**
 * Issues and checks RFC 9865 cursors. A cursor names a position in RecId order (the record after or before which the
 * next page starts), not an offset, so records created while a client walks do not shift what it sees. It is signed
 * (HMAC-SHA256, truncated to 128 bits) and carries its issue time and a digest of the query it belongs to: a forged,
 * altered or foreign cursor is 400 {@code invalidCursor}, an old one 400 {@code expiredCursor} (RFC 9865 §2.1), and a
 * cursor cannot be replayed against another filter, resource type or page size. The text is base64url without
 * padding, so it uses only RFC 3986 unreserved characters, as §2 requires.
 */
@ApplicationScoped
public class Cursors {

    private static final String VERSION = "c1";
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration timeout;
    private final Clock clock;

    @Inject
    Cursors(BridgeConfig config) {
        this(config.scim().cursors().secret().filter(s -> !s.isBlank()).orElseGet(() -> derivedSecret(config)),
                config.scim().cursors().timeout(), Clock.systemUTC());
    }

    private Cursors(String secret, Duration timeout, Clock clock) {
        this.key = hmac("ivanti-scim-bridge cursor key".getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Cursors signed with {@code secret} on {@code clock} (tests issue cursors of the past with it). */
    public static Cursors withSecret(String secret, Duration timeout, Clock clock) {
        return new Cursors(secret, timeout, clock);
    }

    /** Seconds a cursor is valid, as {@code /ServiceProviderConfig} advertises it ({@code cursorTimeout}). */
    public long timeoutSeconds() {
        return timeout.toSeconds();
    }

    /**
     * The position a {@code cursor} parameter names for this query: the first page when empty (RFC 9865 §2).
     *
     * @param resourceType {@code Users} or {@code Groups}
     * @param filter the request's parsed filter, or null
     * @param count the request's page size
     */
    public CursorPosition read(String resourceType, Filter filter, int count, String cursor)
            throws BadRequestException {
        if (cursor == null || cursor.isEmpty()) {
            return CursorPosition.FIRST;
        }
        int dot = cursor.indexOf('.');
        byte[] payload;
        byte[] tag;
        try {
            payload = DECODER.decode(cursor.substring(0, Math.max(dot, 0)));
            tag = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (dot <= 0 || !MessageDigest.isEqual(tag, tag(payload))) {
            throw invalid();
        }
        // Signed by a replica, so well-formed: only its meaning is checked from here on.
        List<String> parts = List.of(new String(payload, StandardCharsets.UTF_8).split("\\|", -1));
        if (parts.size() != 9 || !parts.get(0).equals(VERSION) || !parts.get(1).equals(resourceType)
                || !parts.get(8).equals(queryDigest(resourceType, filter))) {
            throw BadRequestException.invalidCursor("This cursor belongs to another query: send the same filter as "
                    + "the request that returned it, or an empty cursor to start again.");
        }
        if (Integer.parseInt(parts.get(6)) != count) {
            throw BadRequestException.invalidCount("count must be " + parts.get(6) + ", as in the request that "
                    + "returned this cursor (RFC 9865 §2.1), or start again with an empty cursor.");
        }
        long issued = Long.parseLong(parts.get(7));
        if (clock.millis() / 1000 - issued > timeout.toSeconds()) {
            throw BadRequestException.expiredCursor("This cursor expired: cursors are valid for "
                    + timeout.toSeconds() + " s after the page that returned them (cursorTimeout in "
                    + "/ServiceProviderConfig). Start again with an empty cursor.");
        }
        return new CursorPosition(parts.get(2).equals("n"), parts.get(3).isEmpty() ? null : parts.get(3),
                Integer.parseInt(parts.get(4)), Integer.parseInt(parts.get(5)));
    }

    /** The cursor text for {@code position} in this query, valid from now for the timeout. */
    public String write(String resourceType, Filter filter, int count, CursorPosition position) {
        String text = String.join("|", VERSION, resourceType, position.forward() ? "n" : "p",
                position.key() == null ? "" : position.key(), Integer.toString(position.seen()),
                Integer.toString(position.total()), Integer.toString(count),
                Long.toString(clock.millis() / 1000), queryDigest(resourceType, filter));
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(tag(payload));
    }

    private byte[] tag(byte[] payload) {
        byte[] full = hmac(key, payload);
        byte[] tag = new byte[TAG_BYTES];
        System.arraycopy(full, 0, tag, 0, TAG_BYTES);
        return tag;
    }

    /** The query a cursor is bound to: resource type and filter (RFC 9865 §2: later pages repeat the query). */
    private static String queryDigest(String resourceType, Filter filter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (resourceType + "\n" + (filter == null ? "" : filter.toString())).getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Key material every replica deployed from one configuration shares: the Ivanti URL and credential and the store
     * URL. It is only ever an HMAC key input, never sent anywhere.
     */
    private static String derivedSecret(BridgeConfig config) {
        BridgeConfig.Auth auth = config.ivanti().auth();
        return String.join("\n", config.ivanti().url().orElse("emulator"), config.ivanti().apiPath(),
                auth.apiKey().orElse(""), auth.username().orElse(""), auth.password().orElse(""),
                auth.oauth2().clientSecret().orElse(""), config.store().url());
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static BadRequestException invalid() {
        return BadRequestException.invalidCursor("This cursor is not one the bridge issued (altered, truncated or "
                + "forged). Send the nextCursor or previousCursor of a previous page unchanged, or an empty cursor "
                + "to start again.");
    }
}
