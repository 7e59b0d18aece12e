package io.ivantiscim.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ivantiscim.config.BridgeConfig;

/**
 * Inbound rate limit: one token bucket per IdP connection ({@code bridge.security.rate-limit.*}), per replica. A
 * request over the limit gets the seconds to wait, which the SCIM filter sends as {@code Retry-After} with a 429.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(BridgeConfig config) {
        this.perSecond = config.security().rateLimit().requestsPerSecond();
        this.burst = Math.max(1, config.security().rateLimit().burst());
    }

    /** 0 when the request may go ahead, else the whole seconds to wait before retrying. */
    public long acquire(String connection) {
        if (perSecond <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(connection, c -> new Bucket(burst)).take(perSecond, burst);
    }

    private static final class Bucket {

        private double tokens;
        private long last = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized long take(double perSecond, int burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
