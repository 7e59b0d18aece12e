package io.ivantiscim.ivanti;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A small cache of reference lookups (teams by name, relationship names, {@code $metadata}) whose entries live for a
 * fixed time (10 hours by default, as Ivanti's own provider does, seed 001). Created through {@link IvantiCaches} so
 * one flush action empties them all.
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final String name;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    TtlCache(String name, Duration ttl, LongSupplier clock) {
        this.name = name;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** The cached value, or {@code loader}'s answer (cached unless null). Loader failures are not cached. */
    public V get(K key, Function<K, V> loader) {
        long now = clock.getAsLong();
        Entry<V> e = entries.get(key);
        if (e != null && now < e.expiresAt()) {
            return e.value();
        }
        V value = loader.apply(key);
        if (value != null) {
            entries.put(key, new Entry<>(value, now + ttlMillis));
        } else {
            entries.remove(key);
        }
        return value;
    }

    /** Forgets one entry. */
    public void invalidate(K key) {
        entries.remove(key);
    }

    /** Forgets everything. */
    public void flush() {
        entries.clear();
    }

    /** Live entries (for the flush action's answer). */
    public int size() {
        long now = clock.getAsLong();
        return (int) entries.values().stream().filter(e -> now < e.expiresAt()).count();
    }

    public String name() {
        return name;
    }
}
