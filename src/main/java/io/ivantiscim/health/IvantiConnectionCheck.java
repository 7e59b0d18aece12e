package io.ivantiscim.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.ivantiscim.StartupFailure;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.ivanti.IvantiMetadata;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.UserMapping;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

/**
 * The connection check run at start-up and by {@code make check} (readiness answers from recorded outcomes instead,
 * {@link IvantiReadinessCheck}): can the bridge reach the tenant with
 * its credential, and does every mapped Employee field exist in {@code $metadata}? A failure names its kind
 * (credentials rejected, path not found, unreachable, timeout) and, for fields, the closest real names.
 */
@ApplicationScoped
public class IvantiConnectionCheck {

    private static final Logger LOG = Logger.getLogger(IvantiConnectionCheck.class);
    private static final String OK = "OK       ";
    private static final String FAILED = "FAILED   ";
    private static final String SKIPPED = "SKIPPED  ";

    /** What the check found; {@code failure} is null when everything is fine. */
    public record Verdict(String failure, List<String> lines) {

        public boolean ok() {
            return failure == null;
        }

        /** Human-readable, one finding per line. */
        public String text() {
            return (ok() ? "OK" : "FAILED (" + failure + ")") + System.lineSeparator() + "  "
                    + String.join(System.lineSeparator() + "  ", lines);
        }

        /** What {@code make check} prints: one verdict line per check, then the overall verdict. */
        public String report() {
            return String.join(System.lineSeparator(), lines) + System.lineSeparator() + "Ivanti connection check: "
                    + (ok() ? "OK" : "FAILED (" + failure + ")");
        }
    }

    private final IvantiClient ivanti;
    private final IvantiMetadata metadata;
    private final UserMapping mapping;
    private final BridgeConfig config;

    IvantiConnectionCheck(IvantiClient ivanti, IvantiMetadata metadata, UserMapping mapping, BridgeConfig config) {
        this.ivanti = ivanti;
        this.metadata = metadata;
        this.mapping = mapping;
        this.config = config;
    }

    /**
     * A real tenant is checked before the bridge serves anything; a failure stops start-up. The built-in emulator
     * answers only once this process's HTTP server listens, so it is checked from a thread as soon as it does. In
     * check mode ({@code make check}) nothing runs here: {@code BridgeMain} runs {@link #verify()} once start-up is
     * done and exits with its verdict.
     */
    void onStart(@Observes StartupEvent event) {
        if (config.ivanti().checkAndExit() || !config.ivanti().startupCheck()) {
            return;
        }
        if (config.ivanti().url().isPresent()) {
            runAtStart();
            return;
        }
        Thread t = new Thread(() -> {
            try {
                awaitEmulator();
                runAtStart();
            } catch (RuntimeException e) {
                LOG.errorf("Ivanti start-up check failed: %s", e.getMessage());
                Quarkus.asyncExit(1);
            }
        }, "ivanti-startup-check");
        t.setDaemon(true);
        t.start();
    }

    private void awaitEmulator() {
        URI u = URI.create(ivanti.baseUrl());
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 100);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(100_000_000L); // the HTTP server is still starting
            }
        }
    }

    private void runAtStart() {
        Verdict v = verify();
        if (!v.ok()) {
            throw new StartupFailure(v.text() + System.lineSeparator() + fix(v.failure()));
        }
        LOG.infof("Ivanti start-up check: %s", v.text());
    }

    /** The property an operator changes for each failure kind, in words. */
    static String fix(String failure) {
        return switch (failure) {
            case "credentials-rejected" ->
                "Fix the credential: bridge.ivanti.auth.api-key (BRIDGE_IVANTI_AUTH_API_KEY) "
                        + "or, with bridge.ivanti.auth.mode=session/jwt/oauth2, the bridge.ivanti.auth.* settings of that "
                        + "mode.";
            case "path-not-found", "metadata-empty" -> "Fix the tenant address: bridge.ivanti.url (BRIDGE_IVANTI_URL) "
                    + "and bridge.ivanti.api-path (BRIDGE_IVANTI_API_PATH, default /api/odata/businessobject/).";
            case "unreachable", "timeout", "tenant-error", "throttled", "circuit-open", "outbound-limit" ->
                "Check that bridge.ivanti.url (BRIDGE_IVANTI_URL) is the tenant's address and reachable from here, or "
                        + "set bridge.ivanti.startup-check=false to start while it is down.";
            case "mapping-fields-missing" -> "Fix the mapping: the bridge.mapping.user.* rule naming each missing "
                    + "field (or bridge.mapping.user.file) must use the tenant's Employee field names.";
            default -> "See bridge.ivanti.* (BRIDGE_IVANTI_*).";
        };
    }

    /**
     * Probe, then compare the mapping with {@code $metadata}: three checks (connection, metadata, mapping), one line
     * each, starting with {@code OK}, {@code FAILED} or {@code SKIPPED}.
     */
    public Verdict verify() {
        List<String> lines = new ArrayList<>();
        String failure = probe(lines);
        if (failure != null) {
            lines.add(SKIPPED + "metadata: needs a connection");
            lines.add(SKIPPED + "mapping: needs the metadata");
            return new Verdict(failure, lines);
        }
        IvantiMetadata.EntityType type;
        try {
            type = metadata.entityType(Records.EMPLOYEES);
        } catch (IvantiException e) {
            lines.add(FAILED + "metadata: " + kind(e) + ": $metadata for employees could not be read at "
                    + ivanti.metadataUrl() + ": " + e.getMessage());
            lines.add(SKIPPED + "mapping: needs the metadata");
            return new Verdict(kind(e), lines);
        }
        if (type.fields().isEmpty()) {
            lines.add(FAILED + "metadata: $metadata for employees lists no fields (is the API path right?)");
            lines.add(SKIPPED + "mapping: needs the metadata");
            return new Verdict("metadata-empty", lines);
        }
        lines.add(OK + "metadata: the Employee type has " + type.fields().size() + " fields");
        List<String> missing = new ArrayList<>();
        for (String field : mapping.selectFields()) {
            if (type.field(field) == null) {
                // Name the SCIM attribute too: a field missing here would otherwise be dropped on every write
                // (e.g. externalId on bridge.mapping.user.external-id-field), so start-up stops instead.
                List<String> attributes = mapping.rules().stream().filter(r -> r.field().equalsIgnoreCase(field))
                        .map(AttributeRule::pathText).toList();
                missing.add("mapped field '" + field + "'"
                        + (attributes.isEmpty() ? "" : " (" + String.join(", ", attributes) + ")")
                        + " is not an Employee field; closest: "
                        + String.join(", ", closest(field, type.fields())));
            }
        }
        if (!missing.isEmpty()) {
            lines.add(FAILED + "mapping: " + missing.size() + " mapped field(s) missing from the tenant's Employee "
                    + "$metadata: " + String.join("; ", missing));
            return new Verdict("mapping-fields-missing", lines);
        }
        lines.add(OK + "mapping: all " + mapping.selectFields().size() + " mapped Employee fields exist");
        return new Verdict(null, lines);
    }

    /** The cheap probe alone: null when fine, else the failure kind (also a line). */
    String probe(List<String> lines) {
        String target = ivanti.baseUrl() + " (auth " + config.ivanti().auth().mode().name()
                .toLowerCase(Locale.ROOT).replace('_', '-') + ")";
        try {
            ivanti.probe(Records.EMPLOYEES);
            lines.add(OK + "connection: " + target + " answered employees?$top=1");
            return null;
        } catch (IvantiException e) {
            String kind = kind(e);
            lines.add(FAILED + "connection: " + kind + ": " + target + ": " + e.getMessage());
            return kind;
        }
    }

    /** The failure kind readiness and {@code make check} report. */
    static String kind(IvantiException e) {
        if (e instanceof IvantiException.Unauthorized) {
            return "credentials-rejected";
        }
        if (e instanceof IvantiException.Unavailable u) {
            return switch (u.reason()) {
                case PATH_NOT_FOUND -> "path-not-found";
                case UNREACHABLE -> "unreachable";
                case TIMEOUT -> "timeout";
                case CIRCUIT_OPEN -> "circuit-open";
                case LIMITED -> "outbound-limit";
                case THROTTLED -> "throttled";
                case TENANT_ERROR -> "tenant-error";
                case SESSION_LOST -> "session-lost";
            };
        }
        return "tenant-error";
    }

    /** Up to three real names closest to {@code wanted} (edit distance, case-insensitive; substrings first). */
    static List<String> closest(String wanted, List<String> names) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return names.stream().sorted(Comparator.comparingInt((String n) -> {
            String l = n.toLowerCase(Locale.ROOT);
            int d = distance(w, l);
            return l.contains(w) || w.contains(l) ? Math.min(d, 1) : d;
        }).thenComparing(n -> n)).limit(3).toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
