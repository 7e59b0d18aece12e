package io.ivantiscim.ivanti;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiHttp.Answer;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Vertx;

/**
 * The bridge's only way to Ivanti: a public decorator over the package-private OData API ({@link IvantiODataApi} on
 * the {@link IvantiHttp} transport) that owns authentication and fault tolerance. This is where Ivanti retries are decided:
 * SmallRye Fault Tolerance guards built from {@code bridge.ivanti.*} in the constructor. Reads are retried with
 * exponential backoff and jitter when Ivanti is unavailable, waiting out a short {@code Retry-After}. A write is sent
 * again only when Ivanti certainly did nothing: after a 429 (paced, {@link #paced}) and after a lost session (401s,
 * {@link #authenticated}); never after a timeout or a failure whose outcome is unknown (a write that timed out may
 * have happened, so the provisioning layer re-reads before trying again). A circuit
 * breaker turns a dead tenant into fast failures that the IdP hears as 503 with {@code Retry-After}; the outbound
 * limits ({@link OutboundLimiter}) sit outside it. A 401 to a renewable credential is an ended session: it is
 * renewed and the call sent again, a bounded number of times ({@link #authenticated}).
 * <p>
 * What Ivanti answered is read by {@link IvantiResponses} (the one place for errors), credentials come from
 * {@link IvantiAuthFactory}, URLs from {@link IvantiUrls}. Created at start-up so that a configuration error (missing
 * credential, token URL, foreign API host) stops the bridge with a message naming the property.
 */
@Startup
@Singleton
public class IvantiClient {

    private static final Logger LOG = Logger.getLogger(IvantiClient.class);
    static final String BREAKER = "ivanti";
    /** The collection the probes read: Employees are what the bridge always needs. */
    private static final String PROBE_SET = "employees";
    /** What a probe reads: one RecId. */
    private static final ODataRequest.Select PROBE_SELECT = ODataRequest.select(List.of("RecId"));
    /**
     * Fresh credentials one call may get after 401s before it gives up with a retryable 503: enough for a session
     * that ends again between its login and its first use, a few times over, and finite when sessions never last.
     */
    static final int MAX_RENEWALS = 3;

    private final IvantiHttp http;
    private final IvantiODataApi api;
    private final IvantiAuth auth;
    private final String baseUrl;
    private final String metadataUrl;
    private final OutboundLimiter limiter;
    // Typed guards: a Guard resolves the call's async support from the given type on every call; a TypedGuard once,
    // when it is built (issue 14). Every guarded call answers a plain Object.
    private final TypedGuard<Object> breaker;
    private final TypedGuard<Object> retry;
    private final TypedGuard<Object> writeRetry;
    private final long breakerDelaySeconds;
    private final int maxQueryLength;
    private final long throttleBudgetNanos;
    private final long probePeriodNanos;
    private final CallOutcomes outcomes = new CallOutcomes();
    private final RequestDeadline.Origin origin = new RequestDeadline.Origin();
    private final ScheduledExecutorService prober;

    IvantiClient(BridgeConfig config, Vertx vertx) {
        BridgeConfig.Ivanti ivanti = config.ivanti();
        String tenant = IvantiUrls.tenantUrl(config);
        this.baseUrl = IvantiUrls.apiBase(tenant, ivanti.apiPath());
        this.metadataUrl = IvantiUrls.metadataBase(baseUrl);
        this.http = new IvantiHttp(vertx, config, baseUrl, metadataUrl);
        this.api = new IvantiODataApi(http);
        this.auth = IvantiAuthFactory.create(config, tenant, baseUrl);
        this.maxQueryLength = ivanti.maxQueryLength();
        BridgeConfig.Limits limits = ivanti.limits();
        this.limiter = new OutboundLimiter(limits.requestsPerMinute(), limits.maxConcurrent(), limits.timeout());
        BridgeConfig.Breaker b = ivanti.breaker();
        this.breakerDelaySeconds = Math.max(1, b.delay().toSeconds());
        this.breaker = TypedGuard.create(Object.class).withDescription("Ivanti circuit breaker").withCircuitBreaker()
                .name(BREAKER)
                .requestVolumeThreshold(b.requestVolumeThreshold()).failureRatio(b.failureRatio())
                .delay(b.delay().toMillis(), ChronoUnit.MILLIS).successThreshold(b.successThreshold())
                // Only the tenant's own failures count: a 429 is back-pressure, and a request's own fault (too
                // long, rejected values) says nothing about the tenant (issue 15 items 2 and 3).
                .when(e -> e instanceof IvantiException.Unavailable u && u.tenantFailure())
                .onStateChange(state -> LOG.infof("Ivanti circuit breaker %s", state)).done().build();
        BridgeConfig.RetryConfig r = ivanti.retry();
        long maxRetryAfter = r.maxRetryAfter().toMillis();
        this.retry = TypedGuard.create(Object.class).withDescription("Ivanti read retry").withRetry()
                .maxRetries(r.maxRetries())
                .delay(r.initialDelay().toMillis(), ChronoUnit.MILLIS).maxDuration(10, ChronoUnit.MINUTES)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(e -> e instanceof IvantiException.Unavailable u && u.retryable()
                        && u.reason() != IvantiException.Reason.THROTTLED
                        && u.retryAfterSeconds() * 1000 <= maxRetryAfter)
                .withCustomBackoff().strategy(() -> new Backoff(r.maxDelay().toMillis(), r.jitter(), maxRetryAfter))
                .done().done().build();
        // A write that ran out of session renewals was answered 401 every time, so Ivanti did nothing: it is sent
        // again like a read (issue 15), and only then.
        this.writeRetry = TypedGuard.create(Object.class).withDescription("Ivanti write retry after lost sessions")
                .withRetry()
                .maxRetries(r.maxRetries()).delay(r.initialDelay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(10, ChronoUnit.MINUTES).jitter(0, ChronoUnit.MILLIS)
                .whenException(e -> e instanceof IvantiException.Unavailable u
                        && u.reason() == IvantiException.Reason.SESSION_LOST)
                .done().build();
        this.throttleBudgetNanos = r.throttleBudget().toNanos();
        this.probePeriodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(100), ivanti.readiness().probeInterval()
                .toNanos() / 2);
        if (ivanti.checkAndExit() || config.emulator().standalone()) {
            // make check is one live verdict, nothing in the background; the emulator alone (make emulator) serves no
            // SCIM, so nothing needs its readiness, and a probe would only add calls to its own counters.
            this.prober = null;
        } else {
            this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, "ivanti-readiness-probe");
                t.setDaemon(true);
                return t;
            });
            prober.scheduleWithFixedDelay(this::backgroundProbe, probePeriodNanos, probePeriodNanos,
                    TimeUnit.NANOSECONDS);
        }
        LOG.infof("Ivanti client: %s, auth %s", baseUrl, ivanti.auth().mode());
    }

    /** Whether the idle-time readiness probe runs in the background (not in check mode, nor in the emulator alone). */
    boolean probes() {
        return prober != null;
    }

    /** The tenant's business-object root this client talks to, for start-up logs and error details. */
    public String baseUrl() {
        return baseUrl;
    }

    /** One page of a collection. */
    public ODataPage list(String set, ODataRequest request) {
        int length = request.encodedQueryLength();
        if (length > maxQueryLength) {
            // Refused here rather than by IIS: the tenant would answer 404.15, and the request's own length must
            // never look like a tenant failure (docs/ivanti-api.md §8.15).
            throw new IvantiException.TooLong("The filter makes an Ivanti query of " + length + " characters; at most "
                    + maxQueryLength + " fit the tenant's URL limit (bridge.ivanti.max-query-length)");
        }
        String what = "list " + set;
        JsonNode body = callRead(what, h -> api.list(what, set, h, request.filter(), request.search(),
                ODataRequest.select(request.select()), request.orderBy(), request.top(), request.skip(),
                request.count() ? "true" : null));
        return IvantiResponses.page(body);
    }

    /**
     * One record by RecId, or empty when Ivanti does not know it. A single-record GET with {@code $select} answers
     * only {@code @odata.context} (row 15), so the bridge reads the record through its collection with
     * {@code RecId eq} and {@code $select}: one call, only the mapped fields.
     */
    public Optional<ObjectNode> get(String set, String recId, List<String> select) {
        String what = "get " + set;
        List<ObjectNode> rows = IvantiResponses
                .page(callRead(what, h -> api.list(what, set, h, "RecId eq " + literal(recId), null,
                        ODataRequest.select(select), null, 1, 0, null)))
                .rows();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Creates a record; answers the record as Ivanti stored it. Sent again only as {@link #call} says. */
    public ObjectNode create(String set, ObjectNode fields) {
        String what = "create " + set;
        byte[] body = IvantiResponses.bytes(fields);
        return IvantiResponses.record(call(what, h -> api.create(what, set, h, body)));
    }

    /**
     * Updates the given fields of a record (Ivanti merges, row 20); answers the stored record. Sent again only as
     * {@link #call} says.
     */
    public ObjectNode update(String set, String recId, ObjectNode fields) {
        String what = "update " + set;
        byte[] body = IvantiResponses.bytes(fields);
        return IvantiResponses.record(call(what, h -> api.update(what, set, recId, h, body)));
    }

    /**
     * Deletes a record. Ivanti answers 204 even for an id it does not know (row 21). Sent again only as {@link #call}
     * says.
     */
    public void delete(String set, String recId) {
        String what = "delete " + set;
        call(what, h -> api.delete(what, set, recId, h));
    }

    /**
     * One page of the records related to {@code recId} through a navigation property (docs/ivanti-api.md §5). Ivanti's
     * {@code {"value":"No instances found."}} reads as an empty page.
     */
    public ODataPage related(String set, String recId, String relationship, List<String> select, int top, int skip) {
        String what = "related " + set + "/" + relationship;
        return IvantiResponses.page(callRead(what, h -> api.related(what, set, recId, relationship, h,
                String.join(",", select), top, skip)));
    }

    /**
     * Links two records ({@code PATCH …/{relationship}('{other}')/$Ref}), sent again only as {@link #call} says.
     * Ivanti can report a failed
     * link as a 200 whose code is not {@code ISM_2000} (docs/ivanti-api.md §5): that is an error here.
     */
    public void link(String set, String recId, String relationship, String otherId) {
        String what = "link " + set + "/" + relationship;
        IvantiResponses.relationshipAnswer("link",
                call(what, h -> api.link(what, set, recId, relationship, otherId, h)));
    }

    /**
     * Removes a link ({@code DELETE …/$Ref}); unlinking what was never linked succeeds. Sent again only as
     * {@link #call} says.
     */
    public void unlink(String set, String recId, String relationship, String otherId) {
        String what = "unlink " + set + "/" + relationship;
        IvantiResponses.relationshipAnswer("unlink",
                call(what, h -> api.unlink(what, set, recId, relationship, otherId, h)));
    }

    /** The cheapest call that proves the tenant answers and accepts the credential: one RecId. */
    public void probe(String set) {
        String what = "probe " + set;
        call(what, h -> api.list(what, set, h, null, null, PROBE_SELECT, null, 1, 0, null));
    }

    /**
     * The EDMX {@code $metadata} document of an entity set ({@code GET …/api/odata/{set}/$metadata}, XML: JSON gets
     * a 500, row 24). Uncached: {@link IvantiMetadata} caches it.
     */
    public String metadata(String set) {
        String what = "metadata " + set;
        return guarded(what, h -> api.metadata(what, set, h), r -> IvantiResponses.text(what, r), true);
    }

    /** Where {@code $metadata} documents are read from, for messages. */
    public String metadataUrl() {
        return metadataUrl;
    }

    /** State of the circuit breaker: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String breakerState() {
        CircuitBreakerState state = CircuitBreakerMaintenance.get().currentState(BREAKER);
        return state.name();
    }

    /**
     * Closes the circuit breaker and forgets the failures readiness reports (an operator action after fixing the
     * tenant, and tests).
     */
    public void resetBreaker() {
        CircuitBreakerMaintenance.get().reset(BREAKER);
        outcomes.forget();
    }

    /** Stops the background probe and gives a session back at shutdown when the tenant offers a logout. */
    @PreDestroy
    void close() {
        if (prober != null) {
            prober.shutdownNow();
        }
        auth.close();
        http.close();
    }

    /** An OData string literal: single-quoted, quotes doubled (docs/ivanti-api.md §8.4). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A call that may write: breaker and limits, sent again only when Ivanti did nothing: after a 429 (paced) and
     * after lost sessions; never after a timeout or a tenant error.
     */
    private JsonNode call(String what, Function<String, Answer> request) {
        return guarded(what, request, r -> IvantiResponses.json(what, r), false);
    }

    /** A read: breaker, limits and retries with backoff. */
    private JsonNode callRead(String what, Function<String, Answer> request) {
        return guarded(what, request, r -> IvantiResponses.json(what, r), true);
    }

    /**
     * The fault-tolerance stack of every call: the read retry (idempotent calls only) around the 429 pacing around the
     * outbound limits around the circuit breaker around one authenticated attempt, so each retry takes its own limiter
     * slot and counts toward the breaker.
     */
    private <T> T guarded(String what, Function<String, Answer> request, Function<Answer, T> reader,
            boolean idempotent) {
        long originNanos = origin.nanos();
        Supplier<Object> once = () -> paced(originNanos, () -> limiter.run(originNanos, () -> {
            try {
                return breaker.get(() -> observed(() -> authenticated(what, request, reader)));
            } catch (CircuitBreakerOpenException e) {
                throw new IvantiException.Unavailable("Ivanti has been failing; the bridge pauses calls to it for "
                        + breakerDelaySeconds + " s", List.of(), breakerDelaySeconds,
                        IvantiException.Reason.CIRCUIT_OPEN);
            }
        }));
        @SuppressWarnings("unchecked")
        T result = (T) (idempotent ? retry.get(once) : writeRetry.get(once));
        return result;
    }

    /**
     * A 429 is back-pressure (docs/ivanti-api.md §7): every call pauses for its {@code Retry-After}, then this one is
     * sent again, writes included, since a throttled request was not processed. Up to
     * {@code bridge.ivanti.retry.throttle-budget} after {@code originNanos} (the SCIM request's, {@link RequestDeadline});
     * after that, or for a {@code Retry-After} that does not fit, the IdP hears 503 with that {@code Retry-After}.
     */
    private Object paced(long originNanos, Supplier<Object> attempt) {
        long deadline = originNanos + throttleBudgetNanos;
        while (true) {
            try {
                return attempt.get();
            } catch (IvantiException.Unavailable u) {
                long wait = Math.max(1, u.retryAfterSeconds());
                if (u.reason() != IvantiException.Reason.THROTTLED
                        || System.nanoTime() + wait * 1_000_000_000L - deadline > 0) {
                    throw u;
                }
                limiter.holdFor(wait);
            }
        }
    }

    /** One attempt, recorded for readiness: any answer shows the tenant up, only its own failures count against it. */
    private <T> T observed(Supplier<T> attempt) {
        outcomes.started();
        try {
            T result = attempt.get();
            outcomes.answered();
            return result;
        } catch (IvantiException.Unauthorized e) {
            outcomes.failed(e);
            throw e;
        } catch (IvantiException.Unavailable e) {
            if (e.tenantFailure()) {
                outcomes.failed(e);
            } else {
                outcomes.answered();
            }
            throw e;
        } catch (IvantiException e) {
            outcomes.answered();
            throw e;
        } finally {
            outcomes.ended();
        }
    }

    /**
     * The background probe: when no call is in flight and none has ended for half the probe interval, one
     * {@code $top=1} through the breaker (so it can be an open breaker's trial call) but outside the outbound limits,
     * whose share belongs to the IdPs. Its outcome is recorded like any call's.
     */
    private void backgroundProbe() {
        CallOutcomes.Snapshot now = outcomes.snapshot();
        if (now.inFlight() > 0 || System.nanoTime() - now.lastActivityNanos() < probePeriodNanos) {
            return;
        }
        try {
            String what = "background probe";
            breaker.get(() -> observed(() -> authenticated(what, h -> api.list(what, PROBE_SET, h, null, null,
                    PROBE_SELECT, null, 1, 0, null), r -> IvantiResponses.json(what, r))));
        } catch (CircuitBreakerOpenException | IvantiException e) {
            LOG.debugf("Ivanti background probe: %s", e.getMessage());
        }
    }

    /** What recent calls met, for readiness. */
    public CallOutcomes.Snapshot outcomes() {
        return outcomes.snapshot();
    }

    /**
     * One attempt. A 401 on a credential the bridge obtained is an ended session, not wrong credentials: it gets a
     * fresh credential (shared with every call rejected with the same one) and the request is sent again, writes too,
     * since a 401 means nothing was done. A renewed session can end before its first call (docs/ivanti-api.md §1.3:
     * timeouts, another login under the per-user session cap), so this repeats up to {@link #MAX_RENEWALS} times;
     * the bound stops two replicas on one capped user from evicting each other forever inside one call. Only a
     * refused login ({@link IvantiException.Unauthorized} from {@link IvantiAuth#refresh}) or a 401 to a static API
     * key means the credentials are wrong.
     */
    private <T> T authenticated(String what, Function<String, Answer> request, Function<Answer, T> reader) {
        String header = auth.header();
        for (int renewals = 0;; renewals++) {
            Answer response = request.apply(header);
            if (response.status() == 401 && renewals == MAX_RENEWALS) {
                throw new IvantiException.Unavailable("Ivanti answered 401 " + (renewals + 1) + " times to "
                        + what + " although each of the bridge's " + renewals + " logins succeeded: its sessions end "
                        + "faster than the bridge can use them. If another bridge replica or client logs in as the "
                        + "same Ivanti user and the tenant caps sessions per user (docs/ivanti-api.md §1.3), give each "
                        + "its own user or use bridge.ivanti.auth.mode=api-key", List.of(), 0,
                        IvantiException.Reason.SESSION_LOST);
            }
            if (response.status() != 401 || !auth.refresh(header)) {
                return reader.apply(response);
            }
            header = auth.header();
        }
    }

    /**
     * Exponential backoff with jitter; a {@code Retry-After} from a 429/503 ({@code docs/ivanti-api.md} §7) replaces
     * the computed delay when the retry predicate let it through (at most {@code bridge.ivanti.retry.max-retry-after}).
     */
    static final class Backoff implements CustomBackoffStrategy {

        private final long maxDelay;
        private final double jitter;
        private final long maxRetryAfter;
        private long next;

        Backoff(long maxDelay, double jitter, long maxRetryAfter) {
            this.maxDelay = maxDelay;
            this.jitter = Math.max(0, Math.min(1, jitter));
            this.maxRetryAfter = maxRetryAfter;
        }

        @Override
        public void init(long initialDelayInMillis) {
            next = Math.max(0, initialDelayInMillis);
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            if (cause instanceof IvantiException.Unavailable u && u.retryAfterSeconds() > 0) {
                return Math.min(u.retryAfterSeconds() * 1000, maxRetryAfter);
            }
            long base = Math.min(next, maxDelay);
            next = Math.min(maxDelay, Math.max(1, next * 2));
            long spread = (long) (base * jitter);
            return base - spread + (spread > 0 ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
        }
    }
}
