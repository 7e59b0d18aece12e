package io.ivantiscim.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.ivantiscim.audit.AuditLog;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.store.AuditEvent;
import io.ivantiscim.store.Store;
import io.ivantiscim.store.StoredToken;
import io.ivantiscim.store.TokenRepository;
import io.quarkus.runtime.Startup;

/**
 * SCIM token lifecycle (generate, list, set active/inactive, renew, remove; at most two per connection) and the
 * verification of a presented token.
 * <p>
 * Verification never touches the database: each replica keeps a snapshot of every token's hash and state, reloaded
 * from the store every half {@code bridge.security.tokens.invalidation-bound}, so a token deactivated or removed on
 * one replica is refused by every other within that bound. Changes made on this replica apply to its snapshot at once.
 * The presented token is hashed (SHA-256) before the lookup and compared with {@link MessageDigest#isEqual}, so timing
 * reveals nothing about any stored secret. Use times are collected in memory and written with each reload.
 */
@Startup
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Every request hashes its token: one digest per thread instead of a provider lookup each time (issue 14). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    /** Events of the token lifecycle, as Ivanti Neurons for MDM names them in its audit trail. */
    public static final String CREATED = "Created", ENABLED = "Enabled", DISABLED = "Disabled", RENEWED = "Renewed",
            DELETED = "Deleted";

    private final TokenRepository repository;
    private final AuditLog audit;
    private final ScimTokenVerifier bootstrap;
    private final EntraJwtVerifier entra;
    private final String bootstrapConnection;
    private final String prefix;
    private final ScheduledExecutorService refresher;
    private final Map<String, Instant> usedSinceFlush = new ConcurrentHashMap<>();
    private volatile Map<String, StoredToken> byHash = Map.of();

    TokenService(Store store, AuditLog audit, ScimTokenVerifier bootstrap, EntraJwtVerifier entra,
            BridgeConfig config) {
        this.entra = entra;
        this.repository = store.tokens();
        this.audit = audit;
        this.bootstrap = bootstrap;
        this.bootstrapConnection = config.security().bootstrapConnection();
        this.prefix = config.security().tokens().prefix();
        refresh();
        long period = Math.max(10, config.security().tokens().invalidationBound().toMillis() / 2);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scim-token-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** Who a request is: the connection label and the token id ({@code bootstrap} for the config-file token). */
    public record Caller(String connection, String tokenId) {
    }

    /** A token as the admin API lists it: never the secret. */
    public record TokenInfo(String id, String connection, String state, Instant created, Instant renewed,
            Instant lastUsed) {

        static TokenInfo of(StoredToken t, Instant lastUsedInMemory) {
            Instant lastUsed = t.lastUsed();
            if (lastUsedInMemory != null && (lastUsed == null || lastUsedInMemory.isAfter(lastUsed))) {
                lastUsed = lastUsedInMemory;
            }
            return new TokenInfo(t.id(), t.connection(), t.active() ? "active" : "inactive", t.created(),
                    t.renewed(), lastUsed);
        }
    }

    /** A token with its secret: returned once, by generate and renew. */
    public record IssuedToken(TokenInfo info, String token) {
    }

    /** The caller for a presented bearer token, if it is an active stored token or the bootstrap token. */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        StoredToken token = byHash.get(HexFormat.of().formatHex(digest));
        if (token != null && token.active()
                && MessageDigest.isEqual(digest, HexFormat.of().parseHex(token.hash()))) {
            usedSinceFlush.put(token.id(), Instant.now());
            return Optional.of(new Caller(token.connection(), token.id()));
        }
        if (token == null && bootstrap.verifyDigest(digest)) {
            return Optional.of(new Caller(bootstrapConnection, "bootstrap"));
        }
        if (token == null && entra.applies(presented)) {
            return entra.verify(presented).map(connection -> new Caller(connection, "entra-jwt"));
        }
        return Optional.empty();
    }

    /** Generates a token for a connection; refused when it already has two. */
    public IssuedToken generate(String connection, String admin) {
        String label = checkLabel(connection);
        String secret = newSecret();
        String id = UUID.randomUUID().toString();
        if (!repository.insert(id, label, hash(secret), Instant.now())) {
            List<String> ids = repository.byConnection(label).stream().map(StoredToken::id).toList();
            throw new TokenException(409, "Connection '" + label + "' already has two tokens " + ids
                    + ", the most a connection may have. To rotate: while the IdP still uses the old token, remove "
                    + "any token it does not use, generate one new token, switch the IdP to it, then remove the old "
                    + "token (DELETE /admin/tokens/{id}). To replace a token in place instead, renew it (POST "
                    + "/admin/tokens/{id}/renew).");
        }
        StoredToken stored = repository.byId(id).orElseThrow();
        audit.record(AuditEvent.token(CREATED, label, id, admin));
        refreshQuietly();
        LOG.infof("SCIM token %s generated for connection %s by %s", id, label, admin);
        return new IssuedToken(TokenInfo.of(stored, null), secret);
    }

    /** Tokens of one connection, or of every connection when {@code connection} is null. */
    public List<TokenInfo> list(String connection) {
        List<StoredToken> tokens = connection == null ? repository.all() : repository.byConnection(connection);
        return tokens.stream().map(t -> TokenInfo.of(t, usedSinceFlush.get(t.id()))).toList();
    }

    public TokenInfo setActive(String id, boolean active, String admin) {
        StoredToken token = existing(id);
        repository.setActive(id, active);
        audit.record(AuditEvent.token(active ? ENABLED : DISABLED, token.connection(), id, admin));
        refreshQuietly();
        return TokenInfo.of(existing(id), usedSinceFlush.get(id));
    }

    /** A new secret for the same token id; the old secret is refused at once on this replica. */
    public IssuedToken renew(String id, String admin) {
        StoredToken token = existing(id);
        String secret = newSecret();
        repository.renew(id, hash(secret), Instant.now());
        audit.record(AuditEvent.token(RENEWED, token.connection(), id, admin));
        refreshQuietly();
        return new IssuedToken(TokenInfo.of(existing(id), usedSinceFlush.get(id)), secret);
    }

    public void remove(String id, String admin) {
        StoredToken token = existing(id);
        repository.delete(id);
        usedSinceFlush.remove(id);
        audit.record(AuditEvent.token(DELETED, token.connection(), id, admin));
        refreshQuietly();
    }

    /**
     * Reloads the snapshot from the store and writes use times. Called on a timer, after every local change, and by
     * the admin API's cache flush.
     */
    public void refresh() {
        if (!usedSinceFlush.isEmpty()) {
            Map<String, Instant> used = new HashMap<>(usedSinceFlush);
            repository.touch(used);
            used.forEach(usedSinceFlush::remove);
        }
        Map<String, StoredToken> snapshot = new HashMap<>();
        for (StoredToken t : repository.all()) {
            snapshot.put(t.hash(), t);
        }
        byHash = Map.copyOf(snapshot);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Could not reload SCIM tokens from the store (keeping the previous snapshot): %s",
                    e.getMessage());
        }
    }

    private StoredToken existing(String id) {
        return repository.byId(id).orElseThrow(() -> new TokenException(404, "No SCIM token with id '" + id + "'."));
    }

    private String checkLabel(String connection) {
        String label = connection == null ? "" : connection.trim();
        if (!LABEL.matcher(label).matches()) {
            throw new TokenException(400, "A connection label is 1-64 lower-case letters, digits, '-' or '_' "
                    + "(e.g. okta, entra).");
        }
        if (label.equals(bootstrapConnection)) {
            throw new TokenException(400, "'" + label + "' is reserved for the bootstrap token.");
        }
        return label;
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static byte[] sha256(String value) {
        return SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
        try {
            repository.touch(new HashMap<>(usedSinceFlush));
        } catch (RuntimeException e) {
            LOG.debugf("Could not write token use times at shutdown: %s", e.getMessage());
        }
    }
}
