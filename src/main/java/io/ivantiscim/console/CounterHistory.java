package io.ivantiscim.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.runtime.Startup;

/**
 * The last hour of the bridge's own counters ({@code bridge.*} and {@code scim.*} in Micrometer), sampled every
 * {@link #INTERVAL} in memory, for the console's charts. Only counters that exist are reported, so a counter added
 * later (dropped picklist values, unresolved managers) appears in the console without a change here. Per replica:
 * Prometheus and the Grafana dashboard give the fleet's view.
 */
@Startup
@ApplicationScoped
public class CounterHistory {

    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Duration WINDOW = Duration.ofHours(1);
    private static final int SAMPLES = (int) (WINDOW.toSeconds() / INTERVAL.toSeconds());

    /** One sample: when, and every counter's cumulative value by series key. */
    public record Sample(Instant at, Map<String, Double> values) {
    }

    private final MeterRegistry registry;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService sampler;

    CounterHistory(MeterRegistry registry) {
        this.registry = registry;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-counter-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sampler.shutdownNow();
    }

    void sample() {
        Sample s = now();
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > SAMPLES) {
                samples.removeFirst();
            }
        }
    }

    /** The samples of the last hour, oldest first, ending with the values of this moment. */
    public List<Sample> lastHour() {
        List<Sample> result;
        synchronized (samples) {
            result = new ArrayList<>(samples);
        }
        result.add(now());
        return result;
    }

    private Sample now() {
        Map<String, Double> values = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            if (!(m instanceof Counter c)) {
                continue;
            }
            String name = c.getId().getName();
            if (name.startsWith("bridge.") || name.startsWith("scim.")) {
                values.merge(key(name, c.getId().getTags()), c.count(), Double::sum);
            }
        }
        return new Sample(Instant.now(), values);
    }

    /** {@code name{tag=value,...}}, tags in name order (the method tag is summed away: the console charts status). */
    static String key(String name, List<Tag> tags) {
        Map<String, String> kept = new LinkedHashMap<>();
        tags.stream().filter(t -> !t.getKey().equals("method")).sorted()
                .forEach(t -> kept.put(t.getKey(), t.getValue()));
        if (kept.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        kept.forEach((k, v) -> b.append(k).append('=').append(v).append(','));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }
}
