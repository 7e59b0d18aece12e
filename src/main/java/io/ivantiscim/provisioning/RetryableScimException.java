package io.ivantiscim.provisioning;

import com.unboundid.scim2.common.exceptions.ScimException;

/**
 * A SCIM error the IdP should retry later (503 while Ivanti is down or throttling, 429 for inbound limits); the
 * mapper turns {@link #retryAfterSeconds()} into a {@code Retry-After} header so Okta and Entra back off.
 */
public class RetryableScimException extends ScimException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public RetryableScimException(int status, String detail, long retryAfterSeconds) {
        super(status, null, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the client should wait; 0 for no {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
