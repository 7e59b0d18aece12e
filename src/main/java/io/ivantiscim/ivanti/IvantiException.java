package io.ivantiscim.ivanti;

import java.util.List;

/**
 * What went wrong talking to Ivanti, typed so the provisioning layer can answer the IdP precisely. Ivanti says almost
 * everything with a 400 {@code ISM_4000} (docs/ivanti-api.md §4.2); this is where those are told apart. Messages never
 * carry credentials: Ivanti echoes session keys in some error bodies, so only the {@code message} array is kept.
 */
public abstract sealed class IvantiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> messages;

    IvantiException(String summary, List<String> messages) {
        super(summary);
        this.messages = List.copyOf(messages);
    }

    /** Ivanti's own {@code message} array, as sent. */
    public List<String> messages() {
        return messages;
    }

    /** The record does not exist (Ivanti answers 400 "Invalid key" / "cannot be found", never 404: row 18). */
    public static final class NotFound extends IvantiException {

        private static final long serialVersionUID = 1L;

        public NotFound(String summary, List<String> messages) {
            super(summary, messages);
        }
    }

    /** A unique field (LoginID) already holds this value. */
    public static final class Conflict extends IvantiException {

        private static final long serialVersionUID = 1L;

        public Conflict(String summary, List<String> messages) {
            super(summary, messages);
        }
    }

    /** Ivanti refused the request's content (missing required field, unknown field, bad value). */
    public static final class Rejected extends IvantiException {

        private static final long serialVersionUID = 1L;

        public Rejected(String summary, List<String> messages) {
            super(summary, messages);
        }
    }

    /**
     * The request is longer than the tenant accepts: the bridge's own {@code bridge.ivanti.max-query-length} check, or
     * the tenant's web server refusing it (414, or IIS 404.14/404.15 above {@code maxUrl}/{@code maxQueryString}).
     * The request's own fault: it never counts toward the circuit breaker.
     */
    public static final class TooLong extends IvantiException {

        private static final long serialVersionUID = 1L;

        public TooLong(String summary) {
            super(summary, List.of());
        }
    }

    /**
     * Ivanti refused the bridge's credential itself: the login or token request failed, or a static API key got 401.
     * A 401 to a session the login handed out is an ended session, renewed by {@code IvantiClient}, never this.
     */
    public static final class Unauthorized extends IvantiException {

        private static final long serialVersionUID = 1L;

        public Unauthorized(String summary, List<String> messages) {
            super(summary, messages);
        }
    }

    /** Ivanti is down, slow, throttling or answered something unusable; the operation may succeed later. */
    public static final class Unavailable extends IvantiException {

        private static final long serialVersionUID = 1L;

        private final long retryAfterSeconds;
        private final transient Reason reason;

        public Unavailable(String summary, List<String> messages, long retryAfterSeconds) {
            this(summary, messages, retryAfterSeconds, Reason.TENANT_ERROR);
        }

        public Unavailable(String summary, List<String> messages, long retryAfterSeconds, Reason reason) {
            super(summary, messages);
            this.retryAfterSeconds = retryAfterSeconds;
            this.reason = reason;
        }

        /** Why, as readiness reports it. */
        public Reason reason() {
            return reason;
        }

        /** Whether another attempt of a read may succeed (not for a wrong path or an open breaker). */
        public boolean retryable() {
            return reason != Reason.PATH_NOT_FOUND && reason != Reason.CIRCUIT_OPEN && reason != Reason.LIMITED;
        }

        /**
         * Whether this says the tenant itself is failing (no answer, too slow, 5xx, wrong path), which is what the
         * circuit breaker counts. A 429 is back-pressure, and an open breaker or the bridge's own limit are not
         * answers from the tenant at all.
         */
        public boolean tenantFailure() {
            return reason != Reason.THROTTLED && reason != Reason.CIRCUIT_OPEN && reason != Reason.LIMITED
                    && reason != Reason.SESSION_LOST;
        }

        /** Seconds to wait before retrying; 0 when Ivanti did not say. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Why Ivanti could not be used. */
    public enum Reason {
        /** No connection, or the connection was closed without an answer. */
        UNREACHABLE,
        /** Connected, but no answer within {@code bridge.ivanti.read-timeout}. */
        TIMEOUT,
        /** 404: the URL or API path does not lead to Ivanti's OData service. */
        PATH_NOT_FOUND,
        /** 429: Ivanti asked the bridge to slow down (the request was not processed). */
        THROTTLED,
        /** 5xx (503 included) or an unusable answer. */
        TENANT_ERROR,
        /** The bridge's circuit breaker is open after repeated failures. */
        CIRCUIT_OPEN,
        /** The bridge's own outbound limit was not available within {@code bridge.ivanti.limits.timeout}. */
        LIMITED,
        /**
         * Ivanti kept ending the bridge's sessions, fresh ones included, during one call (docs/ivanti-api.md §1.3):
         * the login works, so the credentials are right; the tenant answers, so it is not down.
         */
        SESSION_LOST
    }
}
