package io.ivantiscim.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.audit.AuditLog;
import io.ivantiscim.audit.RequestAudit;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.config.BridgeConfig.Leaver.TicketKind;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.ivanti.ODataPage;
import io.ivantiscim.ivanti.ODataRequest;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.UserMapping;
import io.ivantiscim.store.AuditEvent;
import io.quarkus.arc.Arc;

/**
 * The leaver's work in Ivanti ({@code bridge.leaver.*}): after a SCIM deactivation or delete, the leaver's open
 * incidents and service requests are given to their manager (or a team) with a journal note saying why, and one
 * follow-up ticket, linked to the Employee, is opened for what the API cannot do. It runs after the SCIM answer, on
 * one background thread, so it never fails or slows the SCIM request. Each attempt is one audit event
 * ({@code kind=leaver}); a failed attempt is retried with a doubling delay up to {@code bridge.leaver.retry.*}.
 * Every step is idempotent, so a retry (or a re-delivered deactivation) only finishes the job: reassigned tickets no
 * longer match the owner query, and an open follow-up of the same category linked to the same Employee is found
 * before one is created. Pending work lives in memory: it survives Ivanti outages, not a restart of the bridge (the
 * audit trail shows what was pending, and the IdP's next deactivation of the user starts it again).
 */
@ApplicationScoped
public class LeaverWork {

    /** The audit kind of this workflow's events. */
    public static final String AUDIT_KIND = "leaver";

    private static final Logger LOG = Logger.getLogger(LeaverWork.class);

    private final BridgeConfig.Leaver config;
    private final int pageSize;
    private final IvantiClient ivanti;
    private final AuditLog audit;
    private final String loginField;
    private final String activeValue;
    private final String statusField;
    private final Map<String, Job> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;

    LeaverWork(BridgeConfig config, IvantiClient ivanti, AuditLog audit, UserMapping mapping) {
        this.config = config.leaver();
        this.pageSize = config.ivanti().pageSize();
        this.ivanti = ivanti;
        this.audit = audit;
        this.loginField = field(mapping, "userName");
        this.statusField = field(mapping, "active");
        this.activeValue = mapping.activeValue();
        ScheduledThreadPoolExecutor one = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "leaver-work");
            t.setDaemon(true);
            return t;
        });
        // A retry run now replaces the one due later: drop the cancelled one instead of keeping it until then.
        one.setRemoveOnCancelPolicy(true);
        this.worker = one;
    }

    /** A leaver waiting for (another) attempt. */
    public record Pending(String employeeId, String userName, String reason, int attempts, Instant nextAttempt) {
    }

    /** What one leaver's follow-up needs; {@code managerId} is the manager's RecId, or null. */
    private static final class Job {

        final String employeeId;
        final String userName;
        final String displayName;
        final String managerId;
        final String reason;
        final String connection;
        final String correlationId;
        int attempts;
        Instant nextAttempt;
        ScheduledFuture<?> next;
        /** Only the run scheduled last may attempt: a cancelled future can still be executing its body. */
        int token;
        boolean running;

        Job(String employeeId, String userName, String displayName, String managerId, String reason,
                String connection, String correlationId) {
            this.employeeId = employeeId;
            this.userName = userName;
            this.displayName = displayName;
            this.managerId = managerId;
            this.reason = reason;
            this.connection = connection;
            this.correlationId = correlationId;
        }
    }

    /**
     * Starts the follow-up for an Employee that a SCIM request deactivated ({@code reason} {@code deactivated}) or
     * deleted ({@code deleted}). Never throws: whatever goes wrong is logged and audited, the SCIM answer stands.
     */
    public void leaver(String employeeId, String userName, String displayName, String managerId, String reason) {
        try {
            if (!enabled()) {
                return;
            }
            RequestAudit request = Arc.container().requestContext().isActive()
                    ? Arc.container().instance(RequestAudit.class).get()
                    : null;
            String connection = request == null || !request.started() ? null : request.connection();
            if (!forConnection(connection)) {
                return;
            }
            Job job = new Job(employeeId, userName, displayName, managerId, reason, connection,
                    request == null ? null : request.correlationId());
            if (pending.size() >= config.retry().queueCapacity()) {
                record(job, AuditEvent.FAILURE, 0, 0, "Not started: " + pending.size() + " leavers are already "
                        + "waiting (bridge.leaver.retry.queue-capacity); deactivate the user again later to retry.");
                return;
            }
            // One job per leaver: a re-delivered deactivation while one waits adds nothing.
            if (pending.putIfAbsent(employeeId, job) == null) {
                schedule(job, Duration.ZERO);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not start the leaver follow-up of Employee %s", employeeId);
        }
    }

    /**
     * Whether a deactivation or delete can start any follow-up (bridge.leaver.enabled and one of its parts): when not,
     * {@link #leaver} returns at once, and a caller need not gather the leaver's details (issue 14).
     */
    public boolean enabled() {
        return config.enabled() && (config.reassign().enabled() || config.followUp().enabled());
    }

    /** The leavers waiting for an attempt, oldest first. */
    public List<Pending> pending() {
        return pending.values().stream()
                .map(j -> new Pending(j.employeeId, j.userName, j.reason, j.attempts, j.nextAttempt))
                .sorted(java.util.Comparator.comparing(Pending::employeeId)).toList();
    }

    /**
     * Runs every waiting follow-up now instead of at its next retry time (after an operator fixed what failed) and
     * waits for them, at most {@code timeout}. Returns how many are still waiting.
     */
    public int retryNow(Duration timeout) throws InterruptedException {
        List<Future<?>> runs = new ArrayList<>();
        for (Job job : pending.values()) {
            synchronized (job) {
                if (!job.running) {
                    job.next.cancel(false);
                    runs.add(schedule(job, Duration.ZERO));
                }
            }
        }
        // The worker is one thread: this marker runs after whatever is running or due now.
        runs.add(worker.submit(() -> {
        }));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> run : runs) {
            try {
                run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                LOG.debugf("A leaver attempt ended abnormally: %s", e.getMessage());
            } catch (TimeoutException e) {
                break;
            }
        }
        return pending.size();
    }

    private boolean forConnection(String connection) {
        Optional<List<String>> only = config.connections();
        return only.isEmpty() || only.get().isEmpty()
                || connection != null && only.get().stream().anyMatch(c -> c.equalsIgnoreCase(connection));
    }

    private Future<?> schedule(Job job, Duration delay) {
        synchronized (job) {
            int token = ++job.token;
            job.nextAttempt = Instant.now().plus(delay);
            job.next = worker.schedule(() -> attempt(job, token), delay.toMillis(), TimeUnit.MILLISECONDS);
            return job.next;
        }
    }

    private void attempt(Job job, int token) {
        synchronized (job) {
            if (job.token != token || job.running) {
                return;
            }
            job.running = true;
        }
        try {
            attempt(job);
        } finally {
            synchronized (job) {
                job.running = false;
            }
        }
    }

    private void attempt(Job job) {
        job.attempts++;
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        try {
            String summary = run(job, calls);
            pending.remove(job.employeeId);
            record(job, AuditEvent.SUCCESS, calls.get(), start, summary);
        } catch (RuntimeException e) {
            String why = describe(e);
            int max = config.retry().maxAttempts();
            if (job.attempts >= max) {
                pending.remove(job.employeeId);
                record(job, AuditEvent.FAILURE, calls.get(), start, "Attempt " + job.attempts + " of " + max
                        + " failed (" + why + "); gave up. Do the leaver's work by hand, or deactivate the user "
                        + "again to start over.");
                LOG.warnf("Leaver follow-up of %s gave up after %d attempts: %s", job.userName, job.attempts, why);
                return;
            }
            Duration delay = backoff(job.attempts);
            record(job, AuditEvent.FAILURE, calls.get(), start, "Attempt " + job.attempts + " of " + max
                    + " failed (" + why + "); next attempt in " + delay.toSeconds() + " s.");
            schedule(job, delay);
        }
    }

    private Duration backoff(int attempts) {
        Duration delay = config.retry().initialDelay().multipliedBy(1L << Math.min(20, attempts - 1));
        return delay.compareTo(config.retry().maxDelay()) > 0 ? config.retry().maxDelay() : delay;
    }

    /** One attempt: reassign, then the follow-up ticket. Returns what was done, for the audit trail. */
    private String run(Job job, AtomicInteger calls) {
        List<String> done = new ArrayList<>();
        if (config.reassign().enabled()) {
            done.add(reassign(job, calls));
        }
        if (config.followUp().enabled()) {
            done.add(followUp(job, calls));
        }
        return String.join("; ", done);
    }

    // ---------------------------------------------------------------------------------------------- reassign

    private String reassign(Job job, AtomicInteger calls) {
        BridgeConfig.Leaver.Tickets t = config.objects();
        Optional<String> managerLogin = config.reassign().toManager() && job.managerId != null
                ? activeLogin(job.managerId, calls)
                : Optional.empty();
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        String target;
        if (managerLogin.isPresent()) {
            change.put(t.ownerField(), managerLogin.get());
            target = "their manager " + managerLogin.get();
        } else if (config.reassign().team().isPresent()) {
            change.put(t.ownerField(), "").put(t.ownerTeamField(), config.reassign().team().get());
            target = "team " + config.reassign().team().get();
        } else {
            return "open tickets not reassigned: no manager and no bridge.leaver.reassign.team";
        }
        Map<TicketKind, Integer> moved = new LinkedHashMap<>();
        for (TicketKind kind : config.reassign().kinds()) {
            String set = set(kind);
            String filter = t.ownerField() + " eq " + IvantiClient.literal(job.userName) + open();
            int count = 0;
            String after = null;
            while (true) {
                String keyed = after == null ? filter : filter + " and RecId gt " + IvantiClient.literal(after);
                ODataPage page = count(calls, () -> ivanti.list(set, new ODataRequest(keyed, null,
                        List.of("RecId", t.ownerField(), t.ownerTeamField(), t.statusField()), "RecId asc",
                        pageSize(), 0)));
                for (ObjectNode ticket : page.rows()) {
                    String id = ticket.path("RecId").asText();
                    after = id;
                    count(calls, () -> ivanti.update(set, id, change.deepCopy()));
                    if (config.journal().enabled()) {
                        count(calls, () -> ivanti.create(config.journal().set(), note(job, kind, id, target)));
                    }
                    count++;
                }
                if (page.rows().size() < pageSize()) {
                    break;
                }
            }
            moved.put(kind, count);
        }
        return "reassigned to " + target + ": " + moved.getOrDefault(TicketKind.INCIDENT, 0) + " incident(s), "
                + moved.getOrDefault(TicketKind.SERVICE_REQUEST, 0) + " service request(s)";
    }

    private ObjectNode note(Job job, TicketKind kind, String ticketId, String target) {
        BridgeConfig.Leaver.Journal j = config.journal();
        return JsonNodeFactory.instance.objectNode()
                .put(j.parentField(), ticketId)
                .put(j.parentCategoryField(), kind == TicketKind.INCIDENT
                        ? config.objects().incidentCategory()
                        : config.objects().serviceRequestCategory())
                .put(j.categoryField(), j.category())
                .put(j.subjectField(), "Reassigned: the owner " + job.userName + " left")
                .put(j.bodyField(), "The owner " + job.displayName + " (" + job.userName + ") was " + job.reason
                        + " through SCIM by the identity provider, so ivanti-scim-bridge reassigned this ticket to "
                        + target + ".");
    }

    /** The manager's LoginID when the manager is an active Employee. */
    private Optional<String> activeLogin(String managerId, AtomicInteger calls) {
        if (!Records.isRecordId(managerId)) {
            return Optional.empty();
        }
        Optional<ObjectNode> manager = count(calls, () -> ivanti.get(Records.EMPLOYEES, managerId,
                List.of("RecId", loginField, statusField)));
        return manager.filter(m -> m.path(statusField).asText().equalsIgnoreCase(activeValue))
                .map(m -> m.path(loginField).asText()).filter(l -> !l.isEmpty());
    }

    // ---------------------------------------------------------------------------------------------- follow-up

    private String followUp(Job job, AtomicInteger calls) {
        BridgeConfig.Leaver.Tickets t = config.objects();
        BridgeConfig.Leaver.FollowUp f = config.followUp();
        String set = set(f.kind());
        // Found again by its customer link and category while it is open: a retry or a re-delivered deactivation
        // never opens a second one.
        String filter = t.customerLinkField() + " eq " + IvantiClient.literal(job.employeeId) + " and "
                + t.categoryField() + " eq " + IvantiClient.literal(f.category()) + open();
        ODataPage open = count(calls, () -> ivanti.list(set, new ODataRequest(filter, null,
                List.of("RecId", t.statusField()), "RecId asc", 1, 0)));
        if (!open.rows().isEmpty()) {
            return "follow-up " + set + "('" + open.rows().get(0).path("RecId").asText() + "') already open";
        }
        ObjectNode ticket = JsonNodeFactory.instance.objectNode()
                .put(t.subjectField(), render(f.subject(), job))
                .put(t.descriptionField(), render(f.description(), job))
                .put(t.categoryField(), f.category())
                .put(t.statusField(), f.status())
                .put(t.customerLinkField(), job.employeeId)
                .put(t.customerCategoryField(), "Employee");
        f.team().ifPresent(team -> ticket.put(t.ownerTeamField(), team));
        ObjectNode created = count(calls, () -> ivanti.create(set, ticket));
        return "follow-up " + set + "('" + created.path("RecId").asText() + "') opened";
    }

    private static String render(String template, Job job) {
        return template.replace("{userName}", job.userName).replace("{displayName}", job.displayName)
                .replace("{id}", job.employeeId).replace("{reason}", job.reason);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** {@code and Status ne '…'} for each closed status. */
    private String open() {
        StringBuilder b = new StringBuilder();
        for (String closed : config.objects().closedStatuses()) {
            b.append(" and ").append(config.objects().statusField()).append(" ne ")
                    .append(IvantiClient.literal(closed));
        }
        return b.toString();
    }

    private String set(TicketKind kind) {
        return kind == TicketKind.INCIDENT ? config.objects().incidents() : config.objects().serviceRequests();
    }

    private int pageSize() {
        return pageSize;
    }

    private static String field(UserMapping mapping, String scimPath) {
        return mapping.rules().stream().filter(r -> r.scimPath().toString().equalsIgnoreCase(scimPath))
                .map(AttributeRule::field).findFirst()
                .orElseThrow(() -> new IllegalStateException("The user mapping has no rule for " + scimPath));
    }

    private static <T> T count(AtomicInteger calls, java.util.function.Supplier<T> call) {
        calls.incrementAndGet();
        return call.get();
    }

    /** A failure as the audit trail may show it: its kind, never Ivanti's text (which can echo session data). */
    private static String describe(RuntimeException e) {
        if (e instanceof IvantiException.Unavailable u) {
            return "Ivanti unavailable (" + u.reason() + ")";
        }
        if (e instanceof IvantiException i) {
            return "Ivanti answered " + i.getClass().getSimpleName();
        }
        if (e instanceof org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException) {
            return "Ivanti circuit open or call limit reached (" + e.getClass().getSimpleName() + ")";
        }
        return "unexpected " + e.getClass().getSimpleName();
    }

    private void record(Job job, String outcome, int calls, long startNanos, String detail) {
        audit.record(new AuditEvent(null, Instant.now(), AUDIT_KIND, job.connection, "Leaver",
                "User", job.employeeId, job.userName, outcome, null, calls,
                startNanos == 0 ? null : (System.nanoTime() - startNanos) / 1_000_000, job.correlationId,
                "ivanti-scim-bridge", detail));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        if (!pending.isEmpty()) {
            LOG.warnf("Shutting down with %d leaver follow-ups not done: %s", pending.size(), pending.keySet());
        }
    }
}
