package io.ivantiscim.provisioning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.bulk.BulkOpType;
import com.unboundid.scim2.common.bulk.BulkOperation;
import com.unboundid.scim2.common.bulk.BulkOperationResult;
import com.unboundid.scim2.common.bulk.BulkResponse;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.ivantiscim.audit.AuditLog;
import io.ivantiscim.audit.RequestAudit;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.store.AuditEvent;

/**
 * {@code POST /Bulk} (RFC 7644 §3.7) on top of {@link UserService} and {@link GroupService}: each operation is the
 * same call a single-resource request makes, with the same checks and answers (409 for a taken userName, no second
 * Employee for a retried create, If-Match from {@code version}): an operation's {@code data} reaches the service call
 * as received, so what the service refuses before its first Ivanti call costs that operation no call either. Ivanti has no batch API, so the bridge's part is the
 * order: {@link BulkPlan} puts an operation after the ones whose {@code bulkId} it names, and the operations of one
 * level run concurrently, {@code bridge.scim.bulk.concurrency} at a time, their Ivanti calls under the shared outbound
 * limits. Before an operation runs, every {@code bulkId:} value it carries is replaced by the id the named operation
 * created; an operation whose reference failed is not attempted (409).
 * <p>
 * {@code failOnErrors} (RFC 7644 §3.7.3): the bulk stops after that many failed operations. Operations start in
 * request order within a level and none starts once the count is reached; those already running finish and are
 * reported. The response lists every operation that ran, in request order; one that did not run is absent.
 * <p>
 * Audit: one event per operation that ran (method, resource type and id, userName or displayName, status, latency,
 * the bulk's correlation id), so the trail of a user reads the same whether it came one request at a time or in a
 * bulk; the bulk request itself is the SCIM filter's event, which carries the Ivanti calls of the whole request.
 */
@ApplicationScoped
public class BulkService {

    private static final Logger LOG = Logger.getLogger(BulkService.class);
    private static final String USERS = "Users";
    private static final String GROUPS = "Groups";

    private final UserService users;
    private final GroupService groups;
    private final ConcurrentCalls calls;
    private final RequestAudit requestAudit;
    private final AuditLog audit;
    private final BridgeConfig config;

    BulkService(UserService users, GroupService groups, ExecutorService executor, RequestAudit requestAudit,
            AuditLog audit, BridgeConfig config) {
        this.users = users;
        this.groups = groups;
        this.calls = new ConcurrentCalls(executor);
        this.requestAudit = requestAudit;
        this.audit = audit;
        this.config = config;
    }

    /**
     * One operation of a bulk request: the SDK's envelope for its method, path, bulkId and version, and its
     * {@code data} as received (null for DELETE), which is what the service call gets.
     */
    public record Operation(BulkOperation envelope, ObjectNode data) {

        /** An operation whose data is the envelope's own. */
        public static Operation of(BulkOperation envelope) {
            return new Operation(envelope, envelope.getData());
        }
    }

    /**
     * Runs a bulk request whose envelope and limits the SCIM layer has checked.
     *
     * @param failOnErrors the failed operations after which the bulk stops ({@link Integer#MAX_VALUE} for none)
     * @param base the SCIM base URL ({@code …/scim/v2}), for {@code location}
     * @throws BadRequestException for a graph {@link BulkPlan} refuses, before any operation runs
     */
    public BulkResponse run(List<Operation> operations, int failOnErrors, String base) throws BadRequestException {
        BulkPlan plan = BulkPlan.of(operations);
        BulkOperationResult[] results = new BulkOperationResult[operations.size()];
        Map<String, String> created = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        Context context = new Context(requestAudit.connection(), requestAudit.tokenId(),
                requestAudit.correlationId(), operations.size());
        for (List<Integer> level : plan.levels()) {
            if (errors.get() >= failOnErrors) {
                break;
            }
            ConcurrentCalls.Outcome<BulkOperationResult> outcome = calls.run(level, config.scim().bulk().concurrency(),
                    i -> {
                        if (errors.get() >= failOnErrors) {
                            return null;
                        }
                        BulkOperationResult result = execute(i, operations.get(i), plan, created, results, base,
                                context);
                        if (!result.isSuccess()) {
                            errors.incrementAndGet();
                        }
                        return result;
                    });
            for (int k = 0; k < level.size(); k++) {
                int i = level.get(k);
                results[i] = outcome.results().get(k);
                if (outcome.failures().get(k) != null) {
                    results[i] = unexpected(operations.get(i).envelope(), outcome.failures().get(k), base);
                }
            }
        }
        List<BulkOperationResult> ran = new ArrayList<>();
        for (BulkOperationResult r : results) {
            if (r != null) {
                ran.add(r);
            }
        }
        return new BulkResponse(ran);
    }

    /** One operation, never throwing: a failure is its result. */
    private BulkOperationResult execute(int index, Operation operation, BulkPlan plan, Map<String, String> created,
            BulkOperationResult[] results, String base, Context context) {
        long start = System.nanoTime();
        BulkOperation op = operation.envelope();
        ObjectNode data = operation.data();
        String path = op.getPath();
        BulkOperationResult result;
        GenericScimResource resource = null;
        try {
            for (String ref : plan.references(index)) {
                String id = created.get(ref);
                if (id == null) {
                    BulkOperationResult failed = results[plan.definer(ref)];
                    // RFC 7644 §3.7.1 answers what cannot be resolved with 409.
                    throw new ScimException(409, null, BulkPlan.position(index) + " was not attempted: it refers "
                            + "to " + BulkPlan.PREFIX + ref + ", whose POST failed with status "
                            + (failed == null ? "unknown" : failed.getStatus()) + ".");
                }
                if (data != null) {
                    JsonUtils.replaceAllTextValues(data, BulkPlan.PREFIX + ref, id);
                }
                path = path.replace(BulkPlan.PREFIX + ref, id);
            }
            Target target = Target.of(op.getMethod(), path);
            String location = base + "/" + target.type() + (target.id() == null ? "" : "/" + target.id());
            try {
                resource = apply(op, data, target, base);
                String status = switch (op.getMethod()) {
                    case POST -> BulkOperationResult.HTTP_STATUS_CREATED;
                    case DELETE -> BulkOperationResult.HTTP_STATUS_NO_CONTENT;
                    default -> BulkOperationResult.HTTP_STATUS_OK;
                };
                result = new BulkOperationResult(op, status, resource == null
                        ? location
                        : resource.getMeta().getLocation().toString());
                if (resource != null) {
                    result.setVersion(resource.getMeta().getVersion());
                    if (op.getMethod() == BulkOpType.POST) {
                        created.put(op.getBulkId(), resource.getId());
                    }
                }
            } catch (ScimException e) {
                result = new BulkOperationResult(e, op, op.getMethod() == BulkOpType.POST ? null : location);
            }
        } catch (ScimException e) {
            result = new BulkOperationResult(e, op, op.getMethod() == BulkOpType.POST ? null : base + path);
        } catch (RuntimeException e) {
            result = unexpected(op, e, base);
        }
        audit(index, op, path, resource, result, start, context);
        return result;
    }

    private GenericScimResource apply(BulkOperation op, ObjectNode data, Target target, String base)
            throws ScimException {
        String resources = base + "/" + target.type();
        boolean user = target.type().equals(USERS);
        return switch (op.getMethod()) {
            case POST -> user
                    ? users.create(new GenericScimResource(data), resources)
                    : groups.create(new GenericScimResource(data), resources);
            case PUT -> user
                    ? users.replace(target.id(), new GenericScimResource(data), op.getVersion(), resources)
                    : groups.replace(target.id(), new GenericScimResource(data), op.getVersion(), resources);
            case PATCH -> user
                    ? users.patch(target.id(), data, op.getVersion(), resources)
                    : groups.patch(target.id(), data, op.getVersion(), false, resources);
            case DELETE -> {
                if (user) {
                    users.delete(target.id(), op.getVersion(), resources);
                } else {
                    groups.delete(target.id(), op.getVersion());
                }
                yield null;
            }
        };
    }

    /** An unexpected failure is a 500 that names the correlation id, never the exception's text. */
    private BulkOperationResult unexpected(BulkOperation op, Throwable e, String base) {
        String correlationId = requestAudit.correlationId();
        LOG.errorf(e, "Unexpected error in bulk operation %s %s, correlation id %s", op.getMethod(), op.getPath(),
                correlationId);
        ScimException error = new ScimException(500, null, "Internal error in the bridge; correlation id "
                + correlationId + " (the bridge log has the details).");
        return new BulkOperationResult(error, op, op.getMethod() == BulkOpType.POST ? null : base + op.getPath());
    }

    private void audit(int index, BulkOperation op, String path, GenericScimResource resource,
            BulkOperationResult result, long start, Context context) {
        if (context.connection() == null) {
            return;
        }
        String[] segments = path.split("/");
        String type = segments.length > 1 ? segments[1] : null;
        String id = resource != null ? resource.getId() : segments.length > 2 ? segments[2] : null;
        String name = resource == null
                ? null
                : resource.getObjectNode().path(USERS.equals(type) ? "userName" : "displayName").asText(null);
        String detail = "Bulk operation " + (index + 1) + " of " + context.operations()
                + (op.getBulkId() == null ? "" : ", bulkId " + op.getBulkId())
                + "; the Ivanti calls are counted on the bulk request's event";
        audit.record(new AuditEvent(null, Instant.now(), AuditEvent.SCIM, context.connection(), op.getMethod()
                .toString(), type, id, name, result.isSuccess() ? AuditEvent.SUCCESS : AuditEvent.FAILURE,
                result.getStatusInt(), null, (System.nanoTime() - start) / 1_000_000, context.correlationId(),
                context.tokenId(), detail));
    }

    /** Who sent the bulk, read once on the request's thread. */
    private record Context(String connection, String tokenId, String correlationId, int operations) {
    }

    /**
     * The resource an operation's path names (RFC 7644 §3.7: {@code /Users} or {@code /Groups} for POST, a resource
     * URL otherwise); endpoint names match case-insensitively, as on the HTTP endpoints.
     */
    private record Target(String type, String id) {

        static Target of(BulkOpType method, String path) throws ScimException {
            String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
            String type = switch (segments[0].toLowerCase(Locale.ROOT)) {
                case "users" -> USERS;
                case "groups" -> GROUPS;
                default -> throw new ResourceNotFoundException("No bulk endpoint '" + path + "': operations may "
                        + "target /Users and /Groups.");
            };
            if (segments.length > 2 || segments.length == 2 && segments[1].isEmpty()) {
                throw new ResourceNotFoundException("No resource at '" + path + "'.");
            }
            String id = segments.length == 2 ? segments[1] : null;
            if (method == BulkOpType.POST && id != null) {
                throw new ScimException(405, null, "POST creates a resource at its endpoint ('/" + type + "'), not at '"
                        + path + "'.");
            }
            if (method != BulkOpType.POST && id == null) {
                throw new ScimException(405, null, method + " needs a resource path such as '/" + type + "/{id}', "
                        + "not '" + path + "'.");
            }
            return new Target(type, id);
        }
    }
}
