package io.quarkus.smallrye.openapi.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;

/**
 * Builds the OpenAPI document ({@code /q/openapi} on the management port) when it is first asked for, not at
 * start-up (issue 14, README "Start-up and memory"). Quarkus 3.37 prepares it at run-time init, unconditionally and
 * on the main thread ({@code OpenApiRecorder.prepareDocument}): the build-time document parsed into the model, then
 * written as JSON and YAML, about a quarter of the main thread's CPU samples to ready and a few hundred ms of JIT work (the
 * YAML writer) on 2 cores. The document served is the same: the extension's own code builds it, from the same
 * arguments, on the first request instead (a few hundred ms of CPU, once).
 * <p>
 * It lives in the extension's package because the method it defers, and the field the container injects, are
 * package-private; a change of their signature in a Quarkus upgrade fails the compile ({@code @Override}). Such
 * members are only reachable within one class loader: the packaged jar has one, but {@code @QuarkusTest} and dev mode
 * load this class and the extension in two, so the bean exists in the {@code prod} build only and tests use the
 * extension's own. {@code DeferredOpenApiDocumentServiceIT} and {@code ObservabilityIT} check what the jar serves.
 */
@IfBuildProfile("prod")
@Alternative
@Priority(1)
@Singleton
@Unremovable // looked up by the extension's recorder, not injected
public class DeferredOpenApiDocumentService extends OpenApiDocumentService {

    private record Pending(AutoSecurityFilter filter, Map<OpenApiFilter.RunStage, List<String>> filters,
            ClassLoader loader) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    @Override
    void prepareDocument(AutoSecurityFilter filter, Map<OpenApiFilter.RunStage, List<String>> filters,
            String documentName) {
        // The extension reads the document with the context class loader of the thread preparing it.
        pending.put(documentName, new Pending(filter, filters, Thread.currentThread().getContextClassLoader()));
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        if (!pending.isEmpty()) {
            prepare(documentName);
        }
        return super.getDocument(documentName, format);
    }

    private synchronized void prepare(String documentName) {
        Pending p = pending.get(documentName);
        if (p == null) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(p.loader());
        try {
            super.prepareDocument(p.filter(), p.filters(), documentName);
            pending.remove(documentName);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
