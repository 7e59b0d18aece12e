package io.ivantiscim.ivanti;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A credential obtained from Ivanti or an identity provider and renewed: session keys (docs/ivanti-api.md §1.1, §1.3),
 * JWTs from OIDC tenants (row 5) and OAuth2 client-credentials tokens. It is renewed before it is known to lapse (a
 * JWT's {@code exp}, a token's {@code expires_in}, the tenant's idle timeout) and when Ivanti answers 401
 * {@code ISM_4001}. Renewal is single-flight: the first thread to need it obtains a new credential and every other
 * thread that was rejected with the same old one reuses the new one, so a burst of concurrent requests on an expired
 * session costs one login, not one each.
 */
final class RenewingAuth implements IvantiAuth {

    private static final Logger LOG = Logger.getLogger(RenewingAuth.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A credential and when it stops working ({@link Long#MAX_VALUE}: not known). */
    record Token(String value, long expiresAtMillis) {

        @Override
        public String toString() {
            return "Token[***, expiresAt=" + expiresAtMillis + "]";
        }
    }

    private final String what;
    private final Supplier<Token> obtain;
    private final Consumer<String> logout;
    private final String format;
    private final long idleMillis;
    private final long renewBeforeMillis;
    private final LongSupplier clock;

    private Token token;
    private long lastUsed;

    /**
     * @param what        "session", "jwt" or "oauth2", for logs
     * @param obtain      logs in or fetches a token; throws {@link IvantiException} on failure
     * @param logout      gives a credential back at shutdown, or null
     * @param format      the {@code Authorization} format with {@code {credential}}
     * @param idleTimeout the tenant's idle timeout, or null when not known
     * @param renewBefore margin before expiry or idle timeout
     * @param clock       epoch millis
     */
    RenewingAuth(String what, Supplier<Token> obtain, Consumer<String> logout, String format, Duration idleTimeout,
            Duration renewBefore, LongSupplier clock) {
        this.what = what;
        this.obtain = obtain;
        this.logout = logout;
        this.format = format;
        this.idleMillis = idleTimeout == null ? Long.MAX_VALUE : idleTimeout.toMillis();
        this.renewBeforeMillis = renewBefore.toMillis();
        this.clock = clock;
    }

    @Override
    public synchronized String header() {
        long now = clock.getAsLong();
        if (token == null) {
            renew("none yet");
        } else if (token.expiresAtMillis() != Long.MAX_VALUE && now >= token.expiresAtMillis() - renewBeforeMillis) {
            renew("expires soon");
        } else if (idleMillis != Long.MAX_VALUE && now - lastUsed >= idleMillis - renewBeforeMillis) {
            renew("idle timeout near");
        }
        lastUsed = now;
        return IvantiAuth.format(format, token.value());
    }

    @Override
    public synchronized boolean refresh(String rejectedHeader) {
        if (token == null || IvantiAuth.format(format, token.value()).equals(rejectedHeader)) {
            renew("rejected with 401");
        }
        lastUsed = clock.getAsLong();
        return true;
    }

    @Override
    public synchronized void close() {
        if (token != null && logout != null) {
            try {
                logout.accept(IvantiAuth.format(format, token.value()));
                LOG.debugf("Ivanti %s logged out", what);
            } catch (RuntimeException e) {
                LOG.debugf("Ivanti %s logout failed: %s", what, e.getClass().getSimpleName());
            }
        }
        token = null;
    }

    private void renew(String why) {
        token = obtain.get();
        LOG.debugf("Ivanti %s credential obtained (%s)", what, why);
    }

    /**
     * A JWT's {@code exp} in epoch millis, or {@link Long#MAX_VALUE} when the value is not a readable JWT. The
     * signature is not checked: the bridge only needs to know when Ivanti will stop accepting it.
     */
    static long jwtExpiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Long.MAX_VALUE;
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            JsonNode exp = claims.get("exp");
            return exp != null && exp.canConvertToLong() ? exp.asLong() * 1000 : Long.MAX_VALUE;
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "RenewingAuth[" + what + ", ***]";
    }
}
