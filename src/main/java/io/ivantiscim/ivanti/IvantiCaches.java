package io.ivantiscim.ivanti;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;

/**
 * Every reference-lookup cache of the bridge, with the TTL of {@code bridge.ivanti.cache-ttl}, and the one action that
 * flushes them (after an Ivanti admin renamed a team or added a field). Services create their caches here:
 * {@code caches.create("teams-by-name")}.
 */
@ApplicationScoped
public class IvantiCaches {

    private static final Logger LOG = Logger.getLogger(IvantiCaches.class);

    private final BridgeConfig config;
    private final List<TtlCache<?, ?>> caches = new CopyOnWriteArrayList<>();

    IvantiCaches(BridgeConfig config) {
        this.config = config;
    }

    /** A new cache registered for {@link #flushAll()}. */
    public <K, V> TtlCache<K, V> create(String name) {
        TtlCache<K, V> cache = new TtlCache<>(name, config.ivanti().cacheTtl(), System::currentTimeMillis);
        caches.add(cache);
        return cache;
    }

    /** Empties every cache; answers how many entries each held. */
    public Map<String, Integer> flushAll() {
        Map<String, Integer> flushed = new LinkedHashMap<>();
        for (TtlCache<?, ?> c : caches) {
            flushed.merge(c.name(), c.size(), Integer::sum);
            c.flush();
        }
        LOG.infof("Ivanti reference caches flushed: %s", flushed);
        return flushed;
    }
}
