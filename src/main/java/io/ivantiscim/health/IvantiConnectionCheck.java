package io.ivantiscim.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.ivantiscim.StartupFailure;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.ivanti.IvantiMetadata;
import io.ivantiscim.ivanti.ODataPage;
import io.ivantiscim.ivanti.ODataRequest;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.UserMapping;
import io.ivantiscim.provisioning.GroupRelationships;
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
    private final GroupRelationships relationships;

    IvantiConnectionCheck(IvantiClient ivanti, IvantiMetadata metadata, UserMapping mapping, BridgeConfig config,
            GroupRelationships relationships) {
        this.relationships = relationships;
        this.ivanti = ivanti;
        this.metadata = metadata;
        this.mapping = mapping;
        this.config = config;
    }

    private CompletableFuture<Verdict> atStart;

    /**
     * A real tenant is checked before the bridge serves anything; a failure stops start-up. The check's calls start
     * first of all start-up work, on a thread of their own, so they overlap the rest of it (the store, the token cache,
     * the other start-up beans) instead of adding to it; {@link #awaitStartCheck} waits for the verdict last, before
     * the HTTP server opens, so the bridge is never ready (nor serving) before the check passed. The built-in emulator
     * answers only once this process's HTTP server listens, so it is checked from a thread as soon as it does. In
     * check mode ({@code make check}) nothing runs here: {@code BridgeMain} runs {@link #verify()} once start-up is
     * done and exits with its verdict.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.ivanti().checkAndExit() || !config.ivanti().startupCheck() || config.emulator().standalone()) {
            // The emulator alone (make emulator) serves no SCIM: there is no bridge to hold back until its tenant
            // answers, and checking itself would only add calls to its own counters.
            return;
        }
        if (config.ivanti().url().isPresent()) {
            atStart = CompletableFuture.supplyAsync(this::verify, task -> {
                Thread t = new Thread(task, "ivanti-startup-check");
                t.setDaemon(true);
                t.start();
            });
            return;
        }
        Thread t = new Thread(() -> {
            try {
                awaitEmulator();
                runAtStart(verify());
            } catch (RuntimeException e) {
                LOG.errorf("Ivanti start-up check failed: %s", e.getMessage());
                Quarkus.asyncExit(1);
            }
        }, "ivanti-startup-check");
        t.setDaemon(true);
        t.start();
    }

    /** The real tenant's verdict, after every other start-up observer: a failure stops start-up as before. */
    void awaitStartCheck(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        if (atStart == null) {
            return;
        }
        Verdict v;
        try {
            v = atStart.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        runAtStart(v);
    }

    /**
     * Up to 5 minutes, as the bench and the AOT training run wait for ready: on a machine loaded by parallel builds
     * (load average 50-70) the HTTP server of this very process has opened only after more than 30 seconds.
     */
    private void awaitEmulator() {
        URI u = URI.create(ivanti.baseUrl());
        for (int i = 0; i < 3000; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 100);
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(100_000_000L); // the HTTP server is still starting
            }
        }
    }

    private void runAtStart(Verdict v) {
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
            case "status-values-missing" -> "Set bridge.mapping.user.status.active / .inactive (and "
                    + "bridge.users.deleted-status) to values of the tenant's Status list, or add the values in Ivanti. "
                    + "On Ivanti, Status alone does not stop a log-in; Disabled does (bridge.mapping.user.status."
                    + "also-disabled).";
            case "relationship-ambiguous" -> "Set bridge.groups.relationship (BRIDGE_GROUPS_RELATIONSHIP) and, if "
                    + "named, bridge.groups.member-relationship to the relationship that holds the members.";
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
        return capabilities(type, lines);
    }

    /**
     * What the tenant does where Ivanti's documentation leaves it open (docs/ivanti-api.md §9, §11), one line each:
     * the count, the filter syntax, the Status values and the group relationships. The bridge adapts to the first
     * two; a missing Status value or an ambiguous relationship is a failure naming what to set.
     */
    private Verdict capabilities(IvantiMetadata.EntityType type, List<String> lines) {
        try {
            lines.add(OK + "count: " + countCapability());
            lines.add(OK + "filters: " + filterCapability());
        } catch (IvantiException e) {
            lines.add(FAILED + "capabilities: " + kind(e) + ": " + e.getMessage());
            return new Verdict(kind(e), lines);
        }
        String failure = null;
        String status = statusValues(type);
        lines.add(status);
        if (status.startsWith(FAILED)) {
            failure = "status-values-missing";
        }
        try {
            String toGroup = relationships.employeeToGroup();
            String toEmployee = relationships.groupToEmployee();
            lines.add(OK + "relationships: Employee→group " + toGroup + (relationships.configured()
                    ? " (bridge.groups.relationship)"
                    : " (the only one in $metadata)") + ", group→Employee " + toEmployee);
        } catch (GroupRelationships.MissingRelationship e) {
            lines.add(FAILED + "relationships: " + e.getMessage());
            failure = failure == null ? "relationship-ambiguous" : failure;
        } catch (IvantiException e) {
            lines.add(FAILED + "relationships: " + kind(e) + ": " + e.getMessage());
            failure = failure == null ? kind(e) : failure;
        }
        return new Verdict(failure, lines);
    }

    /** Per docs/ivanti-api.md §11, {@code @odata.count} may come only when {@code $count=true} is asked. */
    private String countCapability() {
        ODataRequest one = new ODataRequest(null, null, List.of("RecId"), null, 1, 0);
        boolean unasked = ivanti.list(Records.EMPLOYEES, one).count() >= 0;
        boolean asked = ivanti.list(Records.EMPLOYEES, one.counted()).count() >= 0;
        if (asked) {
            return "@odata.count sent " + (unasked
                    ? "even unasked"
                    : "only with $count=true, which every "
                            + "counted list asks");
        }
        return "@odata.count not sent even with $count=true; totalResults is counted by reading RecIds (up to "
                + "bridge.users.max-scan)";
    }

    /**
     * Parentheses and and/or precedence (docs/ivanti-api.md row 13, §9), probed for the report only: the bridge writes
     * every filter without parentheses in a form both precedences read alike ({@code ODataExpr}).
     */
    private String filterCapability() {
        String parentheses;
        try {
            ivanti.list(Records.EMPLOYEES, new ODataRequest("(RecId ne '')", null, List.of("RecId"), null, 1, 0));
            parentheses = "parentheses accepted";
        } catch (IvantiException.Rejected e) {
            parentheses = "parentheses refused";
        }
        // True or (false and false): all rows with and binding tighter, none left to right.
        ODataPage rows = ivanti.list(Records.EMPLOYEES,
                new ODataRequest("RecId ne '' or RecId eq '' and RecId eq ''", null, List.of("RecId"), null, 1, 0));
        String precedence = rows.rows().isEmpty() ? "left-to-right (or no employees yet)" : "standard";
        return parentheses + ", and/or precedence " + precedence + "; the bridge sends no parentheses and only "
                + "filters both precedences read alike";
    }

    /**
     * Per docs/ivanti-api.md §11, the Status values the mapping writes must be in the tenant's Status validation list, or
     * Ivanti stores nothing while the IdP is told the write worked. The list is the business object the Employee's
     * {@code $metadata} names as the type {@code employee<StatusField>} (GUESS, as the emulator serves it).
     */
    private String statusValues(IvantiMetadata.EntityType type) {
        String statusField = mapping.statusField();
        List<String> lists = type.relationshipsTo(type.name() + statusField);
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(mapping.activeValue(), "bridge.mapping.user.status.active");
        wanted.putIfAbsent(mapping.inactiveValue(), "bridge.mapping.user.status.inactive");
        if (config.users().deleteMode() == BridgeConfig.DeleteMode.SOFT) {
            wanted.putIfAbsent(config.users().deletedStatus(), "bridge.users.deleted-status");
        }
        if (lists.isEmpty()) {
            return SKIPPED + "status-values: the Employee $metadata names no " + type.name() + statusField
                    + " validation list, so " + String.join(", ", wanted.keySet()) + " could not be checked";
        }
        String set = (type.name() + statusField).toLowerCase(Locale.ROOT) + "s";
        List<String> offered = new ArrayList<>();
        int size = config.ivanti().pageSize();
        for (int skip = 0;; skip += size) {
            ODataPage page = ivanti.list(set, new ODataRequest(null, null, List.of(statusField), null, size, skip));
            page.rows().forEach(r -> offered.add(r.path(statusField).asText()));
            if (page.rows().size() < size) {
                break;
            }
        }
        List<String> missing = wanted.entrySet().stream()
                .filter(w -> offered.stream().noneMatch(o -> o.equalsIgnoreCase(w.getKey())))
                .map(w -> "'" + w.getKey() + "' (" + w.getValue() + ")").toList();
        if (!missing.isEmpty()) {
            return FAILED + "status-values: " + String.join(", ", missing) + " not in the tenant's Status list ("
                    + set + "), which offers " + String.join(", ", offered) + ". Set the property to one of them, or "
                    + "add the value to the list in Ivanti.";
        }
        return OK + "status-values: " + String.join(", ", wanted.keySet()) + " are in the tenant's Status list ("
                + String.join(", ", offered) + ")";
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
