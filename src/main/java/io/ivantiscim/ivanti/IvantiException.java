package io.ivantiscim.ivanti;

import java.util.List;

/**
 * What went wrong talking to Ivanti, typed so the provisioning layer can answer the IdP precisely. Ivanti says almost
 * everything with a 400 {@code ISM_4000} (ivanti-api.md §4.2); this is where those are told apart. Messages never
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

    /** Ivanti refused the bridge's credentials even after a fresh login. */
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

        public Unavailable(String summary, List<String> messages, long retryAfterSeconds) {
            super(summary, messages);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** Seconds to wait before retrying; 0 when Ivanti did not say. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
