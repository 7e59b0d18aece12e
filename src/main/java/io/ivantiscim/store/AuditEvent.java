package io.ivantiscim.store;

import java.time.Instant;

/**
 * One audit record: a token event ({@link #TOKEN}) or a provisioning operation ({@link #SCIM}). Never holds a
 * secret.
 *
 * @param id          store id, {@code null} until written
 * @param kind        {@code token} or {@code scim}
 * @param connection  the IdP connection label (e.g. {@code okta})
 * @param action      token events: Created, Enabled, Disabled, Renewed, Deleted; SCIM: the HTTP method
 * @param outcome     {@code success} or {@code failure}
 * @param status      HTTP status of a SCIM operation
 * @param ivantiCalls Ivanti calls the operation made
 * @param actor       the admin for token events; the token id for SCIM operations
 */
public record AuditEvent(Long id, Instant occurredAt, String kind, String connection, String action,
        String resourceType, String resourceId, String userName, String outcome, Integer status, Integer ivantiCalls,
        Long latencyMs, String correlationId, String actor, String detail) {

    public static final String TOKEN = "token";
    public static final String SCIM = "scim";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /** A token lifecycle event. */
    public static AuditEvent token(String action, String connection, String tokenId, String admin) {
        return new AuditEvent(null, Instant.now(), TOKEN, connection, action, "ScimToken", tokenId, null, SUCCESS,
                null, null, null, null, admin, "SCIM Token " + action + " (IdP " + connection + ")");
    }
}
