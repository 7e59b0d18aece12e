package io.ivantiscim.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The memory bound on list and search pages ({@code bridge.scim.list-memory.*}, issue 15): a fair semaphore of
 * records in flight. A page reserves its records before it reads anything and gives them back when its answer has
 * been written, not when the service returns, since the answer's resources and JSON are most of what it holds.
 * <p>
 * A page that finds no room waits, then gets 503 with {@code Retry-After}; it is never served smaller. RFC 7644
 * §3.4.2.4 allows {@code itemsPerPage < count}, but what Okta documents of its import is only "pages until
 * {@code totalResults}" (docs/idp-contracts.md §2.15), and a client that moves {@code startIndex} on by the
 * {@code count} it asked for would skip the records a short page left out: a wrong import without any error. A wait
 * costs the IdP nothing but time, and a 503 with {@code Retry-After} is what both IdPs already retry (Ivanti down).
 * <p>
 * The records a page holds are also let go when its answer is written: an idle worker thread keeps a reference to its
 * last request (the executor's task on its stack) and with it the last answer, so without that each of up to 200
 * idle threads kept a page of 1,000 users alive, outside any bound.
 */
@ApplicationScoped
public class ListAdmission {

    private static final Logger LOG = Logger.getLogger(ListAdmission.class);
    /** What a page holds per record while it is built and written, measured on 32 pages of 1,000 (README). */
    static final long BYTES_PER_RECORD = 8 * 1024;
    /** Seconds an IdP is told to wait after a page found no room. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final int capacity;
    private final Semaphore free;
    private final Duration maxWait;
    private final CurrentVertxRequest http;

    ListAdmission(BridgeConfig config, CurrentVertxRequest http) {
        BridgeConfig.ListMemory memory = config.scim().listMemory();
        this.capacity = memory.records().orElseGet(() -> defaultRecords(Runtime.getRuntime().maxMemory(),
                config.scim().maxResults()));
        this.free = capacity > 0 ? new Semaphore(capacity, true) : null;
        this.maxWait = memory.maxWait();
        this.http = http;
        LOG.debugf("List pages may hold %d records at once (bridge.scim.list-memory.records)", capacity);
    }

    /** A quarter of the heap at {@link #BYTES_PER_RECORD}, and at least one full page. */
    static int defaultRecords(long maxHeap, int maxResults) {
        return (int) Math.max(maxResults, Math.min(Integer.MAX_VALUE, maxHeap / 4 / BYTES_PER_RECORD));
    }

    /** The records all pages may hold at once; 0 when unbounded. */
    public int capacity() {
        return capacity;
    }

    /** Records no page holds right now ({@link #capacity()} when unbounded). */
    public int available() {
        return free == null ? capacity : free.availablePermits();
    }

    /**
     * Reserves {@code records} (at most the whole capacity, so any page can run alone), waiting up to
     * {@code bridge.scim.list-memory.max-wait}; 503 with {@code Retry-After} when no room was found. Inside an HTTP
     * request the reservation lasts until the answer is written (or the connection closed); outside one, until the
     * lease is closed.
     */
    public Lease admit(int records) throws RetryableScimException {
        Lease lease = new Lease();
        lease.reserve(records);
        RoutingContext rc = currentRequest();
        if (rc != null) {
            lease.untilAnswered = true;
            rc.addEndHandler(ended -> lease.end());
        }
        return lease;
    }

    private RoutingContext currentRequest() {
        ArcContainer container = Arc.container();
        ManagedContext requests = container == null ? null : container.requestContext();
        return requests != null && requests.isActive() ? http.getCurrent() : null;
    }

    /** Records reserved by one page. */
    public final class Lease implements AutoCloseable {

        private final List<List<?>> pages = new ArrayList<>(1);
        private int held;
        private boolean untilAnswered;
        private boolean ended;

        /**
         * Grows the reservation to {@code records} (a scan that learnt how many it reads): what is held is given back
         * first and the whole taken again, so two growing pages never wait for each other's records.
         */
        public void grow(int records) throws RetryableScimException {
            int wanted = Math.min(records, capacity);
            synchronized (this) {
                if (free == null || wanted <= held || ended) {
                    return;
                }
                free.release(held);
                held = 0;
            }
            reserve(wanted);
        }

        /** Empties {@code page} once the answer is written, so nothing keeps its records alive; answers it. */
        public synchronized <T> List<T> clearWhenAnswered(List<T> page) {
            if (untilAnswered && !ended) {
                pages.add(page);
            }
            return page;
        }

        private void reserve(int records) throws RetryableScimException {
            if (free == null || records <= 0) {
                return;
            }
            int wanted = Math.min(records, capacity);
            boolean got;
            try {
                got = free.tryAcquire(wanted, maxWait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (!got) {
                throw new RetryableScimException(503, "The bridge is answering other large list requests and has no "
                        + "memory free for this page within " + maxWait.toSeconds() + " s "
                        + "(bridge.scim.list-memory); retry later, or ask for a smaller count.", RETRY_AFTER_SECONDS);
            }
            synchronized (this) {
                if (ended) {
                    free.release(wanted);
                } else {
                    held += wanted;
                }
            }
        }

        private void end() {
            List<List<?>> answered;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                if (free != null) {
                    free.release(held);
                }
                held = 0;
                answered = List.copyOf(pages);
                pages.clear();
            }
            for (List<?> page : answered) {
                try {
                    page.clear();
                } catch (UnsupportedOperationException e) {
                    // An immutable page (an empty one): nothing to let go.
                }
            }
        }

        /** Gives the records back now, unless they are held until the HTTP answer is written. */
        @Override
        public void close() {
            if (!untilAnswered) {
                end();
            }
        }
    }
}
