package io.ivantiscim.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.logging.JsonText;
import io.ivantiscim.store.AuditEvent;
import io.ivantiscim.store.AuditQuery;
import io.ivantiscim.store.AuditRepository;
import io.ivantiscim.store.Store;
import io.quarkus.runtime.Startup;

/**
 * The audit trail's writer, a group commit: one writer thread takes the queue in batches, and {@link #record} returns
 * only once the batch holding its event is durable, so an operation the IdP was told succeeded has its record even if
 * the process is killed right after the answer (issue 15 item 10). While one batch is written the next fills with the
 * events of every request waiting meanwhile, so concurrent requests share one write.
 * <p>
 * Durable means written to the {@link AuditJournal} when there is one (beside an embedded H2 file store, or
 * {@code bridge.audit.journal-dir}): one file write per batch, while the journal is copied into the store in batches of
 * up to {@code bridge.audit.batch-size} at most {@link #STORE_DELAY} apart and replayed at start-up. Each H2 commit
 * serialises the table's and its indexes' last pages whatever it adds, so a commit per batch of requests cost the
 * bridge more CPU than the requests it recorded (issue 14). Without a journal (PostgreSQL, in-memory H2) each batch is
 * one JDBC batch and one commit. {@link #query} and {@link #flush} first store everything recorded before them, so the
 * audit API shows an event as soon as its request is answered.
 * <p>
 * Reads use {@link #enqueue}, which does not wait: nothing was changed, and a read's record is not worth a write on
 * its path. A batch nobody waits for (reads only) is held for up to {@link #READ_LINGER} so that the reads of that
 * time share one write. A write, or a {@link #flush}, ends the wait at once, so no answer waits for it. When the queue
 * is full, both wait for room (back-pressure instead of a lost record). Events older than
 * {@code bridge.audit.retention} are deleted hourly.
 */
@Startup
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    /** Each event as one JSON line, in its own category so it can be routed or silenced on its own. */
    private static final Logger JSON_LOG = Logger.getLogger("io.ivantiscim.audit");
    /**
     * Longest a batch of reads waits for more events before it is written. Reads were never durable before their
     * answer (README "SCIM tokens, audit trail"), so a kill within this time loses at most the reads of that time.
     */
    static final Duration READ_LINGER = Duration.ofMillis(100);
    /** Longest a journaled event waits to be copied into the store (a full batch is copied at once). */
    static final Duration STORE_DELAY = Duration.ofSeconds(1);
    static final String JOURNAL_FILE = "audit.journal";
    /** A journal this large is emptied once all of it is stored; smaller ones only at shutdown. */
    private static final long CLEAR_JOURNAL_BYTES = 1 << 20;
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final AuditRepository repository;
    private final BridgeConfig.Audit config;
    private final BlockingQueue<Pending> queue;
    /** Null when events are committed to the store directly. */
    private final AuditJournal journal;
    private final Thread writer;
    private final ScheduledExecutorService retention;
    private volatile boolean running = true;
    /** Someone waits for a write (a write's {@link #record}, a {@link #flush}): the writer must not linger. */
    private volatile boolean urgent;

    /**
     * A queued event and who waits for it; a flush marker when {@code event} is null. The writer sets {@code done}
     * and wakes the one waiter: no shared monitor that every waiter re-enters after each batch.
     */
    private static final class Pending {

        final AuditEvent event;
        final Thread waiter;
        volatile boolean done;

        Pending(AuditEvent event, Thread waiter) {
            this.event = event;
            this.waiter = waiter;
        }

        void release() {
            done = true;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
    }

    AuditLog(Store store, BridgeConfig config) {
        this.repository = store.audit();
        this.config = config.audit();
        this.queue = new LinkedBlockingQueue<>(this.config.queueCapacity());
        Optional<Path> dir = this.config.journalDir().filter(d -> !d.isBlank()).map(Path::of)
                .or(store::fileDirectory);
        this.journal = dir.map(d -> openJournal(d.resolve(JOURNAL_FILE), this.config.journalSync())).orElse(null);
        this.writer = new Thread(this::drain, "audit-writer");
        writer.setDaemon(true);
        writer.start();
        this.retention = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-retention");
            t.setDaemon(true);
            return t;
        });
        retention.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
    }

    /** Opens the journal and copies into the store what a crash left in it (start-up fails if it cannot). */
    private AuditJournal openJournal(Path file, boolean sync) {
        try {
            AuditJournal opened = AuditJournal.open(file, sync);
            try {
                int copied = opened.replay(repository);
                if (copied > 0) {
                    LOG.infof("Audit journal %s: %d event(s) not yet in the store copied into it", file, copied);
                }
                return opened;
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot open the audit journal " + file + " (bridge.audit.journal-dir) "
                    + "or copy it into the store: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the event's JSON log line, queues it and waits until it is durable, at most
     * {@code bridge.audit.commit-timeout}; for anything that changed state. Past the timeout (the store is down) the
     * event stays queued and the JSON log line is its record until the store is back.
     */
    public void record(AuditEvent event) {
        Pending pending = new Pending(event, Thread.currentThread());
        if (!put(pending)) {
            return;
        }
        hurry();
        try {
            if (!await(pending, config.commitTimeout())) {
                LOG.errorf("Audit event (%s %s %s) not committed within %s (bridge.audit.commit-timeout): answered "
                        + "anyway, the event stays queued", event.kind(), event.action(), event.resourceId(),
                        config.commitTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the event's JSON log line and queues it without waiting for the write. */
    public void enqueue(AuditEvent event) {
        put(new Pending(event, null));
    }

    private boolean put(Pending pending) {
        AuditEvent event = pending.event;
        if (config.logJson() && JSON_LOG.isInfoEnabled()) {
            JSON_LOG.info(toJson(event));
        }
        try {
            queue.put(pending);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("Interrupted while queueing an audit event (%s %s)", event.kind(), event.action());
            return false;
        }
    }

    /** Waits until every event recorded before this call is in the store, at most {@code timeout}. */
    public boolean flush(Duration timeout) throws InterruptedException {
        Pending marker = new Pending(null, Thread.currentThread());
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!queue.offer(marker, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        hurry();
        return await(marker, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Ends the writer's wait for more reads: someone waits for what is queued. */
    private void hurry() {
        urgent = true;
        LockSupport.unpark(writer);
    }

    /** Waits until the writer is done with {@code pending}, at most {@code timeout}. */
    private boolean await(Pending pending, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /** Events matching the query, newest first, including every event recorded on this replica before the call. */
    public List<AuditEvent> query(AuditQuery query) {
        try {
            if (!flush(config.commitTimeout())) {
                LOG.warnf("Audit events recorded before this query are not all stored yet (store slow or down)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return repository.query(query);
    }

    /** Deletes events older than the retention. */
    public int purge() {
        try {
            int deleted = repository.purgeBefore(Instant.now().minus(config.retention()));
            if (deleted > 0) {
                LOG.infof("Deleted %d audit events older than %s", deleted, config.retention());
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.warnf("Audit retention failed: %s", e.getMessage());
            return 0;
        }
    }

    /**
     * An event as the JSON log line shows it, appended to this thread's buffer ({@link JsonText}: the text Jackson's
     * generator wrote before, without a generator and writer per event).
     */
    static String toJson(AuditEvent e) {
        StringBuilder out = JsonText.buffer();
        JsonText.field(out, true, "audit", e.kind());
        JsonText.field(out, false, "time", e.occurredAt().toString());
        JsonText.field(out, false, "connection", e.connection());
        JsonText.field(out, false, "action", e.action());
        JsonText.field(out, false, "resourceType", e.resourceType());
        JsonText.field(out, false, "resourceId", e.resourceId());
        JsonText.field(out, false, "userName", e.userName());
        JsonText.field(out, false, "outcome", e.outcome());
        JsonText.field(out, false, "status", e.status());
        JsonText.field(out, false, "ivantiCalls", e.ivantiCalls());
        JsonText.field(out, false, "latencyMs", e.latencyMs());
        JsonText.field(out, false, "correlationId", e.correlationId());
        JsonText.field(out, false, "actor", e.actor());
        JsonText.field(out, false, "detail", e.detail());
        return JsonText.done(out.append('}'));
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(config.batchSize());
        List<AuditEvent> events = new ArrayList<>(config.batchSize());
        List<AuditEvent> unstored = new ArrayList<>();
        List<Pending> flushes = new ArrayList<>();
        long storeDue = 0;
        while (running || !queue.isEmpty()) {
            try {
                long wait = unstored.isEmpty() ? IDLE_POLL_NANOS : Math.max(0, storeDue - System.nanoTime());
                Pending first = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, config.batchSize() - 1);
                    linger(batch);
                }
                for (Pending p : batch) {
                    if (p.event != null) {
                        events.add(p.event);
                    } else {
                        flushes.add(p);
                    }
                }
                if (journal == null) {
                    writeWithRetry(events);
                    batch.forEach(Pending::release);
                    flushes.clear();
                } else {
                    if (!events.isEmpty()) {
                        if (unstored.isEmpty()) {
                            storeDue = System.nanoTime() + STORE_DELAY.toNanos();
                        }
                        unstored.addAll(events);
                        if (!journal(events)) {
                            storeJournaled(unstored);
                        }
                        for (Pending p : batch) {
                            if (p.event != null) {
                                p.release();
                            }
                        }
                    }
                    if (!unstored.isEmpty() && (!flushes.isEmpty() || unstored.size() >= config.batchSize()
                            || System.nanoTime() - storeDue >= 0 || !running)) {
                        storeJournaled(unstored);
                    }
                    if (unstored.isEmpty()) {
                        flushes.forEach(Pending::release);
                        flushes.clear();
                    }
                }
            } catch (InterruptedException e) {
                running = false;
            } catch (Error e) {
                // Without this an OutOfMemoryError ended the only writer thread, and every later write waited out
                // its commit timeout while its event stayed queued, never stored (issue 15). The writes themselves
                // keep a failed batch (writeWithRetry, journal, storeJournaled); only an event this hit before it was
                // kept is not stored, and its JSON log line, written when it was queued, is then its record.
                LOG.errorf("Audit writer: %s while handling %d event(s); events not yet journaled or stored are only "
                        + "in the JSON log", e, events.size());
            }
            batch.clear();
            events.clear();
        }
        if (journal != null) {
            try {
                storeJournaled(unstored);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flushes.forEach(Pending::release);
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warnf("Closing the audit journal failed: %s", e.getMessage());
            }
        }
    }

    /** Appends the events to the journal; false when it failed (they are then stored before anyone is released). */
    private boolean journal(List<AuditEvent> events) {
        try {
            journal.append(events);
            return true;
        } catch (IOException | OutOfMemoryError e) {
            LOG.errorf("Audit journal write of %d events failed, writing them to the store instead: %s",
                    events.size(), e.getMessage());
            return false;
        }
    }

    /**
     * Copies the journaled events into the store with the journal's position, retrying while the store is away
     * (requests that need a write wait meanwhile, up to their commit timeout); empties the journal once it is large
     * and all stored. At shutdown a store that is down leaves them in the journal, copied at the next start.
     */
    private void storeJournaled(List<AuditEvent> unstored) throws InterruptedException {
        if (unstored.isEmpty()) {
            return;
        }
        long backoff = 100;
        while (true) {
            try {
                repository.insertJournaled(unstored, journal.id(), journal.lastSequence());
                unstored.clear();
                break;
            } catch (RuntimeException | OutOfMemoryError e) {
                // An OutOfMemoryError is a failed batch too (issue 15): the events stay in the journal and in
                // unstored, and the writer lives on to retry them.
                if (!running) {
                    LOG.errorf("Audit store unavailable at shutdown: %d events stay in the journal %s and are "
                            + "stored at the next start (%s)", unstored.size(), journal.file(), e.getMessage());
                    return;
                }
                LOG.warnf("Audit write of %d journaled events failed, retrying in %d ms: %s", unstored.size(),
                        backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        try {
            if (!running || journal.eventBytes() >= CLEAR_JOURNAL_BYTES) {
                journal.clear();
            }
        } catch (IOException e) {
            LOG.warnf("Emptying the audit journal failed (it is replayed from the store's position): %s",
                    e.getMessage());
        }
    }

    /**
     * Waits up to {@link #READ_LINGER} for more events while nobody waits for the batch; returns at once when someone
     * does ({@link #hurry}), when the batch is full, or at shutdown.
     */
    private void linger(List<Pending> batch) {
        long deadline = System.nanoTime() + READ_LINGER.toNanos();
        while (!urgent && running && batch.size() < config.batchSize()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, left);
            queue.drainTo(batch, config.batchSize() - batch.size());
        }
        // Cleared before the last drain: a hurry() from now on concerns an event this drain may miss, so the next
        // batch does not linger.
        urgent = false;
        queue.drainTo(batch, config.batchSize() - batch.size());
    }

    /** A failed batch is retried (the store may be restarting); records are dropped only at shutdown. */
    private void writeWithRetry(List<AuditEvent> batch) throws InterruptedException {
        long backoff = 100;
        while (true) {
            try {
                repository.insert(batch);
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                // An OutOfMemoryError is a failed batch too (issue 15): kept and retried, not the writer's end.
                if (!running) {
                    LOG.errorf("Audit store unavailable at shutdown: %d events only in the log (%s)", batch.size(),
                            e.getMessage());
                    return;
                }
                LOG.warnf("Audit write of %d events failed, retrying in %d ms: %s", batch.size(), backoff,
                        e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(writer);
        writer.join(10_000);
        retention.shutdownNow();
    }
}
