/**
 * The audit trail: {@link io.ivantiscim.audit.AuditLog} (queue, writer thread, retention), the request-scoped
 * {@link io.ivantiscim.audit.RequestAudit} and the REST client filter that counts a request's Ivanti calls. Its own
 * package rather than {@code provisioning/}: the SCIM filter and the token admin API record events too, and neither
 * should depend on the provisioning layer; the rows themselves ({@code AuditEvent}, {@code AuditQuery}) stay with
 * their JDBC repository in {@code store/}.
 */
package io.ivantiscim.audit;
