package io.ivantiscim.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.store.AuditEvent;
import io.ivantiscim.store.AuditQuery;
import io.ivantiscim.store.AuditRepository;
import io.ivantiscim.store.Store;
import io.quarkus.runtime.Startup;

/**
 * The audit trail's writer, a group commit: one writer thread drains the queue in batches (one JDBC batch, one
 * commit), and {@link #record} returns only once the batch holding its event is committed, so an operation the IdP
 * was told succeeded has its record even if the process is killed right after the answer (issue 15 item 10). While
 * one batch commits the next fills with the events of every request waiting meanwhile, so concurrent requests share
 * a commit instead of paying one insert each (issue 14). Reads use {@link #enqueue}, which does not wait: nothing was
 * changed, and a read's record is not worth a commit on its path. A batch nobody waits for (reads only) is held for
 * up to {@link #READ_LINGER} so that the reads of that time share one commit: with {@code WRITE_DELAY 0} every H2
 * commit writes a chunk to the file, which cost more CPU than the GET it recorded (issue 14). A write, or a
 * {@link #flush}, ends the wait at once, so no answer waits for it. When the queue is full, both wait for room
 * (back-pressure instead of a lost record). Events older than {@code bridge.audit.retention} are deleted hourly.
 */
@Startup
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    /** Each event as one JSON line, in its own category so it can be routed or silenced on its own. */
    private static final Logger JSON_LOG = Logger.getLogger("io.ivantiscim.audit");
    private static final JsonFactory JSON = new JsonFactory();
    /**
     * Longest a batch of reads waits for more events before it is committed. Reads were never committed before their
     * answer (README "SCIM tokens, audit trail"), so a kill within this time loses at most the reads of that time.
     */
    static final Duration READ_LINGER = Duration.ofMillis(100);

    private final AuditRepository repository;
    private final BridgeConfig.Audit config;
    private final BlockingQueue<AuditEvent> queue;
    private final Thread writer;
    private final ScheduledExecutorService retention;
    /** Guards {@link #enqueued} and the put, so sequence numbers follow queue order. */
    private final Object enqueueing = new Object();
    private final Object progress = new Object();
    private long enqueued;
    private long written;
    private volatile boolean running = true;
    /** Someone waits for a commit (a write's {@link #record}, a {@link #flush}): the writer must not linger. */
    private volatile boolean urgent;

    AuditLog(Store store, BridgeConfig config) {
        this.repository = store.audit();
        this.config = config.audit();
        this.queue = new LinkedBlockingQueue<>(this.config.queueCapacity());
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

    /**
     * Writes the event's JSON log line, queues it and waits until it is committed, at most
     * {@code bridge.audit.commit-timeout}; for anything that changed state. Past the timeout (the store is down) the
     * event stays queued and the JSON log line is its record until the store is back.
     */
    public void record(AuditEvent event) {
        long sequence = enqueue(event);
        if (sequence < 0) {
            return;
        }
        hurry();
        try {
            if (!awaitWritten(sequence, config.commitTimeout())) {
                LOG.errorf("Audit event (%s %s %s) not committed within %s (bridge.audit.commit-timeout): answered "
                        + "anyway, the event stays queued", event.kind(), event.action(), event.resourceId(),
                        config.commitTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the event's JSON log line and queues it without waiting for the commit; answers its sequence number, or
     * -1 when interrupted before it was queued.
     */
    public long enqueue(AuditEvent event) {
        if (config.logJson() && JSON_LOG.isInfoEnabled()) {
            JSON_LOG.info(toJson(event));
        }
        try {
            synchronized (enqueueing) {
                queue.put(event);
                return ++enqueued;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("Interrupted while queueing an audit event (%s %s)", event.kind(), event.action());
            return -1;
        }
    }

    /** Waits until every event recorded before this call is in the store, at most {@code timeout}. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target;
        synchronized (enqueueing) {
            target = enqueued;
        }
        hurry();
        return awaitWritten(target, timeout);
    }

    /** Ends the writer's wait for more reads: someone waits for what is queued. */
    private void hurry() {
        urgent = true;
        LockSupport.unpark(writer);
    }

    /** Waits until the events up to sequence number {@code target} are committed, at most {@code timeout}. */
    private boolean awaitWritten(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return true;
        }
    }

    /** Events matching the query, newest first. */
    public List<AuditEvent> query(AuditQuery query) {
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

    /** An event as the JSON log line shows it; written straight to text, as it is built once per request. */
    public String toJson(AuditEvent e) {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("audit", e.kind());
            g.writeStringField("time", e.occurredAt().toString());
            g.writeStringField("connection", e.connection());
            g.writeStringField("action", e.action());
            g.writeStringField("resourceType", e.resourceType());
            g.writeStringField("resourceId", e.resourceId());
            g.writeStringField("userName", e.userName());
            g.writeStringField("outcome", e.outcome());
            number(g, "status", e.status());
            number(g, "ivantiCalls", e.ivantiCalls());
            number(g, "latencyMs", e.latencyMs());
            g.writeStringField("correlationId", e.correlationId());
            g.writeStringField("actor", e.actor());
            g.writeStringField("detail", e.detail());
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toString();
    }

    private static void number(JsonGenerator g, String name, Number value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.longValue());
        }
    }

    private void drain() {
        List<AuditEvent> batch = new ArrayList<>(config.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.batchSize() - 1);
                linger(batch);
                writeWithRetry(batch);
            } catch (InterruptedException e) {
                running = false;
            }
            synchronized (progress) {
                written += batch.size();
                progress.notifyAll();
            }
            batch.clear();
        }
    }

    /**
     * Waits up to {@link #READ_LINGER} for more events while nobody waits for the batch; returns at once when someone
     * does ({@link #hurry}), when the batch is full, or at shutdown.
     */
    private void linger(List<AuditEvent> batch) {
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
            } catch (RuntimeException e) {
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
