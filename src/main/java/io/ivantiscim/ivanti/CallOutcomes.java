package io.ivantiscim.ivanti;

import java.util.Optional;

/**
 * What the bridge's recent Ivanti calls met, for readiness (issue 15 item 4): the last failure that says something
 * about the tenant and how many calls in a row have failed since the last answer. Any answer from the tenant, an
 * error caused by the request included, is a success here: the tenant is up and accepts the credential.
 */
public final class CallOutcomes {

    /** The verdict readiness reports: the last tenant failure, if calls are still failing, and how many in a row. */
    public record Snapshot(Optional<IvantiException> failure, int consecutiveFailures, int inFlight,
            long lastActivityNanos) {
    }

    private IvantiException failure;
    private int consecutive;
    private int inFlight;
    private long lastActivity = System.nanoTime();

    synchronized void started() {
        lastActivity = System.nanoTime();
        inFlight++;
    }

    synchronized void ended() {
        lastActivity = System.nanoTime();
        inFlight--;
    }

    synchronized void answered() {
        lastActivity = System.nanoTime();
        failure = null;
        consecutive = 0;
    }

    synchronized void failed(IvantiException e) {
        lastActivity = System.nanoTime();
        failure = e;
        consecutive++;
    }

    synchronized void forget() {
        failure = null;
        consecutive = 0;
    }

    /** The current state. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(Optional.ofNullable(failure), consecutive, inFlight, lastActivity);
    }
}
