package io.ivantiscim.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ivantiscim.ivanti.IvantiCaches;
import io.quarkus.vertx.http.ManagementInterface;

/**
 * {@code POST /q/ivanti/caches/flush} on the management interface only ({@code quarkus.management.enabled=true}, a
 * port that is not exposed to IdPs): empties the reference caches after an Ivanti admin changed teams or fields.
 * The authenticated admin API is issue 6's; this is the operator's lever until then.
 */
@ApplicationScoped
public class CacheFlushRoute {

    private final IvantiCaches caches;
    private final ObjectMapper json = new ObjectMapper();

    CacheFlushRoute(IvantiCaches caches) {
        this.caches = caches;
    }

    void register(@Observes ManagementInterface mi) {
        mi.router().post("/q/ivanti/caches/flush").blockingHandler(ctx -> {
            try {
                ctx.response().putHeader("Content-Type", "application/json")
                        .end(json.createObjectNode().set("flushed", json.valueToTree(caches.flushAll())).toString());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }
}
