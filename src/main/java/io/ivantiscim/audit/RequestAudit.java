package io.ivantiscim.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.RequestScoped;

/**
 * What the audit needs to know about the SCIM request in progress: who sent it and how many Ivanti calls it made
 * (counted by {@link IvantiCallCounter}).
 */
@RequestScoped
public class RequestAudit {

    private final AtomicInteger ivantiCalls = new AtomicInteger();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile String connection;
    private volatile String tokenId;
    private volatile String correlationId;
    private volatile long startNanos;

    /** Called by the SCIM filter once the caller is known. */
    public void start(String connection, String tokenId, String correlationId) {
        this.connection = connection;
        this.tokenId = tokenId;
        this.correlationId = correlationId;
        this.startNanos = System.nanoTime();
    }

    public void ivantiCall() {
        ivantiCalls.incrementAndGet();
    }

    /** Something the request did differently from what was asked (e.g. a manager it could not resolve). */
    public void warn(String warning) {
        warnings.add(warning);
    }

    /** The warnings of this request as the audit row's detail, or {@code null} when there were none. */
    public String detail() {
        return warnings.isEmpty() ? null : String.join("; ", warnings);
    }

    public int ivantiCalls() {
        return ivantiCalls.get();
    }

    public String connection() {
        return connection;
    }

    public String tokenId() {
        return tokenId;
    }

    public String correlationId() {
        return correlationId;
    }

    public boolean started() {
        return connection != null;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
