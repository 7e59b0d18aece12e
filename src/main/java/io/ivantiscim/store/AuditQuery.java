package io.ivantiscim.store;

import java.time.Instant;

/** Filters of an audit query; every one is optional. Results are newest first, at most {@code limit}. */
public record AuditQuery(Instant from, Instant to, String kind, String connection, String resourceId,
        String outcome, int limit) {
}
