package io.ivantiscim.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Session keys and JWTs handed out by the login endpoint (rows 1, 3, 5, 6). A session expires after the configured
 * idle time (§9 default 30 min); a JWT also carries an {@code exp} claim. {@link #age} shifts every session into the
 * past so tests can cross a timeout without sleeping; {@code session-max-calls} ends a session after that many
 * calls, and {@link #expireAll(int)} can make the next logins hand out sessions that have already ended (§1.3).
 */
final class Sessions {

    static final class Session {

        final String key;
        final String user;
        final boolean jwt;
        final boolean idles;
        final long created;
        volatile long lastUsed;
        volatile long expiresAt;
        final AtomicInteger calls = new AtomicInteger();

        Session(String key, String user, boolean jwt, long now, long expiresAt) {
            this(key, user, jwt, true, now, expiresAt);
        }

        Session(String key, String user, boolean jwt, boolean idles, long now, long expiresAt) {
            this.key = key;
            this.user = user;
            this.jwt = jwt;
            this.idles = idles;
            this.created = now;
            this.lastUsed = now;
            this.expiresAt = expiresAt;
        }
    }

    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Session> byKey = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicInteger endedOnArrival = new AtomicInteger();

    /** Creates a session; returns the bare credential string the login endpoint answers with. */
    String login(EmulatorSettings s, String user, long now) {
        char[] k = new char[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = ALNUM[random.nextInt(ALNUM.length)];
        }
        String sid = new String(k);
        // Row 1: "<tenant>#<32 A-Z0-9>#<n>"; the trailing number is small (2 in the Ivanti sample).
        String sessionKey = s.tenant + "#" + sid + "#" + (1 + logins.getAndIncrement() % 9);
        String credential;
        long expires = Long.MAX_VALUE;
        if (s.jwtMode()) {
            long iat = now / 1000;
            long exp = iat + s.jwtLifetimeSeconds;
            expires = exp * 1000;
            // Row 5 / docs/ivanti-api.md §1.2: claims as decoded from the Ivanti OIDC sample; the signature is opaque
            // here.
            String header = "{\"alg\":\"RS256\",\"kid\":\"emulator\",\"typ\":\"JWT\"}";
            String payload = "{\"iss\":\"https://" + s.tenant + "/OIDC\",\"nbf\":" + iat + ",\"iat\":" + iat
                    + ",\"exp\":" + exp + ",\"client_id\":\"restLoginEndPoint\",\"sub\":\"" + s.tenant + "#"
                    + user + "#" + sid + "\",\"ism_sid\":\"" + sessionKey + "\"}";
            byte[] sig = new byte[64];
            random.nextBytes(sig);
            credential = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(sig);
        } else {
            credential = sessionKey;
        }
        if (s.maxSessionsPerUser > 0) {
            List<Session> mine = byKey.values().stream().filter(x -> x.user.equalsIgnoreCase(user))
                    .sorted(Comparator.comparingLong(x -> x.created)).toList();
            for (int i = 0; i <= mine.size() - s.maxSessionsPerUser; i++) {
                byKey.remove(mine.get(i).key);
            }
        }
        if (endedOnArrival.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            byKey.put(credential, new Session(credential, user, s.jwtMode(), now, expires));
        }
        return credential;
    }

    /** The live session for {@code credential}, touching its idle clock; null when unknown or expired. */
    Session use(String credential, boolean jwt, EmulatorSettings s, long now) {
        Session x = byKey.get(credential);
        if (x == null || x.jwt != jwt) {
            return null;
        }
        if ((x.idles && now - x.lastUsed > s.sessionIdleTimeoutSeconds * 1000) || now >= x.expiresAt
                || (s.sessionMaxCalls > 0 && x.calls.incrementAndGet() > s.sessionMaxCalls)) {
            byKey.remove(credential);
            return null;
        }
        x.lastUsed = now;
        return x;
    }

    /** An OAuth2 access token (opaque, Bearer, expires after {@code lifetimeSeconds}, no idle timeout). */
    String issueToken(String user, long lifetimeSeconds, long now) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = B64.encodeToString(b);
        byKey.put(token, new Session(token, user, true, false, now, now + lifetimeSeconds * 1000));
        return token;
    }

    boolean logout(String credential) {
        return byKey.remove(credential) != null;
    }

    /**
     * Ends every session, and makes the next {@code endedLogins} logins answer a key whose session has already ended:
     * what a client meets when the tenant's timeout or another login as the same user under the per-user session cap
     * (docs/ivanti-api.md §1.3) ends a session between its login and its first call.
     */
    void expireAll(int endedLogins) {
        endedOnArrival.set(Math.max(0, endedLogins));
        byKey.clear();
    }

    void age(long seconds) {
        for (Session x : byKey.values()) {
            x.lastUsed -= seconds * 1000;
            if (x.expiresAt != Long.MAX_VALUE) {
                x.expiresAt -= seconds * 1000;
            }
        }
    }

    int size() {
        return byKey.size();
    }
}
