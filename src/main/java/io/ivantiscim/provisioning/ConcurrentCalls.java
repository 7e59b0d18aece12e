package io.ivantiscim.provisioning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

import com.unboundid.scim2.common.exceptions.ScimException;

import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.mapping.AttributeRule;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;

/**
 * Runs many independent Ivanti calls (member links, member pages, id checks) on the shared executor, at most a given
 * number at once, and reports every result and failure by position, so a caller can finish what it started before it
 * decides what failed.
 */
final class ConcurrentCalls {

    private final ExecutorService executor;

    ConcurrentCalls(ExecutorService executor) {
        this.executor = executor;
    }

    /** Results and failures of a bounded concurrent run, by input position. */
    record Outcome<R>(List<R> results, List<RuntimeException> failures) {

        /** Throws the first failure, an Ivanti one as the SCIM error it means. */
        void rethrow(List<AttributeRule> rules) throws ScimException {
            for (RuntimeException f : failures) {
                if (f instanceof IvantiException || f instanceof FaultToleranceException) {
                    throw IvantiErrors.translate(f, rules);
                }
                if (f != null) {
                    throw f;
                }
            }
        }
    }

    /** Applies {@code fn} to every item on the executor, at most {@code bound} at a time; never throws. */
    <T, R> Outcome<R> run(List<T> items, int bound, Function<T, R> fn) {
        int n = items.size();
        List<R> results = new ArrayList<>(Collections.nCopies(n, null));
        List<RuntimeException> failures = new ArrayList<>(Collections.nCopies(n, null));
        if (n == 0) {
            return new Outcome<>(results, failures);
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    R r = fn.apply(items.get(i));
                    synchronized (results) {
                        results.set(i, r);
                    }
                } catch (RuntimeException e) {
                    synchronized (results) {
                        failures.set(i, e);
                    }
                }
            }
        };
        int workers = Math.max(1, Math.min(bound, n));
        if (workers == 1) {
            worker.run();
        } else {
            Runnable pooled = inRequestContext(worker);
            List<CompletableFuture<Void>> futures = new ArrayList<>(workers - 1);
            for (int w = 1; w < workers; w++) {
                futures.add(CompletableFuture.runAsync(pooled, executor));
            }
            // The request's own thread works too, so a saturated pool cannot stall the request.
            worker.run();
            futures.forEach(CompletableFuture::join);
        }
        synchronized (results) {
            return new Outcome<>(new ArrayList<>(results), new ArrayList<>(failures));
        }
    }

    /**
     * The pool's threads work inside the caller's request context, so that what they do is the request's: its Ivanti
     * calls are counted for the audit ({@code audit/IvantiCallCounter}) and its warnings recorded ({@code RequestAudit}),
     * as on the request's own thread. The executor does not propagate the context itself.
     */
    private static Runnable inRequestContext(Runnable worker) {
        ArcContainer container = Arc.container();
        ManagedContext context = container == null ? null : container.requestContext();
        if (context == null || !context.isActive()) {
            return worker;
        }
        InjectableContext.ContextState state = context.getState();
        return () -> {
            context.activate(state);
            try {
                worker.run();
            } finally {
                context.deactivate();
            }
        };
    }
}
