package io.ivantiscim.provisioning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.messages.SortOrder;

import io.ivantiscim.audit.RequestAudit;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.ivanti.ODataPage;
import io.ivantiscim.ivanti.ODataRequest;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.EmployeeMapper;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.mapping.ODataQuery;
import io.ivantiscim.mapping.PatchEngine;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.ScimMapper;
import io.ivantiscim.mapping.UserMapping;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * SCIM User operations as the fewest correct Ivanti calls: GET by id and a {@code userName eq} lookup are one call
 * each, a PATCH is one read and at most one write of only the changed fields, a POST is one uniqueness read and one
 * create. Soft-deleted Employees are invisible: 404 by id, filtered out of every list by the same OData query that
 * finds the page.
 */
@Singleton
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final IvantiClient ivanti;
    private final UserMapping mapping;
    private final EmployeeMapper mapper;
    private final ODataFilterTranslator translator;
    private final PatchEngine patches;
    private final BridgeConfig config;
    private final ManagerResolver managers;
    private final RequestAudit audit;
    private final MeterRegistry metrics;
    private final ConcurrentCalls calls;
    private final Cursors cursors;
    private final LeaverWork leavers;
    private final ListAdmission admission;
    private final String loginField;
    private final String statusField;

    UserService(IvantiClient ivanti, UserMapping mapping, EmployeeMapper mapper, ODataFilterTranslator translator,
            PatchEngine patches, BridgeConfig config, ManagerResolver managers, ExecutorService executor,
            RequestAudit audit, MeterRegistry metrics, Cursors cursors, LeaverWork leavers, ListAdmission admission) {
        this.admission = admission;
        this.cursors = cursors;
        this.leavers = leavers;
        this.patches = patches;
        this.audit = audit;
        this.metrics = metrics;
        this.managers = managers;
        this.ivanti = ivanti;
        this.mapping = mapping;
        this.mapper = mapper;
        this.translator = translator;
        this.config = config;
        this.calls = new ConcurrentCalls(executor);
        this.loginField = field("userName");
        this.statusField = field("active");
    }

    /** GET /Users/{id}. */
    public GenericScimResource get(String id, String locationBase) throws ScimException {
        return mapper.toUser(current(id), locationBase);
    }

    /** POST /Users. */
    public GenericScimResource create(GenericScimResource user, String locationBase) throws ScimException {
        ObjectNode fields = mapper.toEmployee(user, false);
        String userName = fields.path(loginField).asText();
        Optional<ObjectNode> existing = call(() -> findByLogin(userName));
        if (existing.isPresent()) {
            ObjectNode found = existing.get();
            if (isDeleted(found)) {
                // A soft-deleted user comes back under the same record: Entra re-creates after a soft delete, and
                // a fresh Employee would orphan the old one's history.
                fields.put(statusField, fields.has(statusField)
                        ? fields.get(statusField).asText()
                        : mapping.activeValue());
                resolveManager(fields, userName, true);
                return mapper.toUser(stored(fields, call(() -> ivanti.update(Records.EMPLOYEES, recId(found), fields))),
                        locationBase);
            }
            // RFC 7644 §3.3: a create that conflicts with an existing userName MUST be 409, whatever its values
            // (docs/idp-contracts.md §4: Okta's OIN test POSTs the same user twice). IdP retries stay safe: both
            // IdPs look a user up by userName eq before creating it.
            throw new ScimException(409, BadRequestException.UNIQUENESS, "A user with userName '" + userName
                    + "' already exists (id " + recId(found) + "). userName is unique, case-insensitively.");
        }
        resolveManager(fields, userName, true);
        ObjectNode created;
        try {
            created = ivanti.create(Records.EMPLOYEES, fields);
        } catch (IvantiException.Unavailable e) {
            // A create that timed out or failed with ISM_5000 may still have been stored, or be stored shortly after
            // a timeout (workflows run on save, docs/ivanti-api.md §1.3): look before answering, so the one request
            // that made the Employee answers 201 for it instead of a 503 the IdP would retry.
            Optional<ObjectNode> stored = e.reason() == IvantiException.Reason.TIMEOUT
                    ? settled(userName)
                    : call(() -> findByLogin(userName));
            if (stored.isPresent() && sameValues(stored.get(), fields)) {
                return mapper.toUser(stored.get(), locationBase);
            }
            throw IvantiErrors.translate(e, mapping.rules());
        } catch (IvantiException | org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException e) {
            throw IvantiErrors.translate(e, mapping.rules());
        }
        return mapper.toUser(stored(fields, created), locationBase);
    }

    /**
     * The Employee a create without an answer made, looked up by LoginID until it appears or
     * bridge.ivanti.create-settle has passed, at growing intervals; a lookup that fails itself is tried again.
     */
    private Optional<ObjectNode> settled(String userName) {
        long deadline = System.nanoTime() + config.ivanti().createSettle().toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(200);
        while (true) {
            try {
                Optional<ObjectNode> found = findByLogin(userName);
                if (found.isPresent()) {
                    return found;
                }
            } catch (IvantiException.Unavailable e) {
                LOG.debugf("Looking for the create of %s after its lost answer: %s", userName, e.getMessage());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause *= 2;
        }
    }

    /** PUT /Users/{id}: the mapped attributes are replaced; only fields that differ are written. */
    public GenericScimResource replace(String id, GenericScimResource user, String ifMatch, String locationBase)
            throws ScimException {
        // Validate the body before reading Ivanti: an invalid PUT costs no call.
        ObjectNode fields = mapper.toEmployee(user, true);
        ObjectNode employee = current(id);
        // The view of the old record is built only when nothing is written (issue 14: a PUT that changes something
        // answers the stored record, so a view of the old one was built for nothing).
        checkVersion(employee, ifMatch);
        ObjectNode changes = EmployeeMapper.changes(employee, fields);
        GenericScimResource after = write(employee, () -> mapper.toUser(employee, locationBase), changes,
                locationBase);
        if (user.getObjectNode().has("active")) {
            afterDeactivation(after);
        }
        return after;
    }

    /**
     * PATCH /Users/{id} (RFC 7644 §3.5.2): the IdP's dialect is normalised and the operations applied by the SDK to
     * the current resource, then one write of only the fields that changed.
     */
    public GenericScimResource patch(String id, ObjectNode body, String ifMatch, String locationBase)
            throws ScimException {
        // Validate the body before reading Ivanti: a malformed PATCH, or one setting a value of the wrong type, costs
        // no call.
        PatchRequest request = patches.normalise(body, UserMapping.CORE_URN);
        ObjectNode seed = ScimMapper.MAPPER.createObjectNode();
        seed.putArray("schemas").add(UserMapping.CORE_URN);
        mapper.checkValues(patches.dryRun(request, seed));
        ObjectNode employee = current(id);
        checkVersion(employee, ifMatch);
        GenericScimResource before = mapper.toUser(employee, locationBase);
        GenericScimResource after = patches.apply(request, before);
        ObjectNode changes = EmployeeMapper.changes(employee, mapper.patchedFields(before, after));
        GenericScimResource written = write(employee, () -> before, changes, locationBase);
        if (namesActive(request)) {
            afterDeactivation(written);
        }
        return written;
    }

    /**
     * Whether a PATCH sets {@code active}: a re-delivered deactivation changes nothing in Ivanti, yet must still find
     * (or finish) the leaver's follow-up.
     */
    private static boolean namesActive(PatchRequest request) {
        for (PatchOperation op : request) {
            Path path = op.getPath();
            if (path == null || path.size() == 0) {
                JsonNode value = op.getJsonNode();
                if (value != null && value.isObject() && value.properties().stream()
                        .anyMatch(e -> e.getKey().equalsIgnoreCase("active"))) {
                    return true;
                }
            } else if (path.getElement(0).getAttribute().equalsIgnoreCase("active")) {
                return true;
            }
        }
        return false;
    }

    /** Starts the leaver's work in Ivanti (bridge.leaver.*) when the user now reads as inactive. */
    private void afterDeactivation(GenericScimResource user) {
        if (!user.getObjectNode().path("active").asBoolean(true)) {
            leaver(() -> user, "deactivated");
        }
    }

    /** The leaver's follow-up of {@code view}'s user; the view is built only when the workflow is on (issue 14). */
    private void leaver(Supplier<GenericScimResource> view, String reason) {
        if (!leavers.enabled()) {
            return;
        }
        GenericScimResource user = view.get();
        JsonNode manager = user.getObjectNode().path(UserMapping.ENTERPRISE_URN).path("manager").path("value");
        leavers.leaver(user.getId(), user.getObjectNode().path("userName").asText(),
                user.getObjectNode().path("displayName").asText(user.getObjectNode().path("userName").asText()),
                manager.isTextual() && !manager.asText().isEmpty() ? manager.asText() : null, reason);
    }

    /**
     * Writes the changed fields of a PUT or PATCH in one call, after checking a new userName is free and resolving a
     * new manager; nothing changed, nothing written.
     */
    private GenericScimResource write(ObjectNode employee, Supplier<GenericScimResource> before, ObjectNode wanted,
            String locationBase) throws ScimException {
        if (wanted.has(loginField)
                && config.users().usernameMutability() == BridgeConfig.UserNameMutability.IMMUTABLE) {
            checkUserNameKept(employee, wanted);
        }
        if (wanted.isEmpty()) {
            return before.get();
        }
        // The resolved manager may be the one already stored (Okta's employee number for the same person).
        resolveManager(wanted, employee.path(loginField).asText(), false);
        ObjectNode changes = EmployeeMapper.changes(employee, wanted);
        if (changes.isEmpty()) {
            return before.get();
        }
        if (changes.has(loginField)) {
            String userName = changes.get(loginField).asText();
            Optional<ObjectNode> other = call(() -> findByLogin(userName));
            if (other.isPresent() && !recId(other.get()).equals(recId(employee))) {
                throw new ScimException(409, BadRequestException.UNIQUENESS, "Another user already has userName '"
                        + userName + "'.");
            }
        }
        return mapper.toUser(stored(changes, call(() -> ivanti.update(Records.EMPLOYEES, recId(employee), changes))),
                locationBase);
    }

    /**
     * bridge.users.username-mutability=immutable: RFC 7643 §2.2 lets an immutable attribute be set at creation only,
     * so a PUT or PATCH that would give the user another userName is refused (400 {@code mutability}, RFC 7644
     * §3.12) before anything is written; one that differs only in case names the same user (userName is not
     * case-exact, RFC 7643 §4.1.1) and is dropped from the write.
     */
    private void checkUserNameKept(ObjectNode employee, ObjectNode wanted) throws BadRequestException {
        String current = employee.path(loginField).asText();
        JsonNode requested = wanted.get(loginField);
        String value = requested.isNull() ? "" : requested.asText();
        if (!value.equalsIgnoreCase(current)) {
            throw BadRequestException.mutability("userName is immutable on this bridge "
                    + "(bridge.users.username-mutability=immutable): the user's userName is '" + current
                    + "' and this request would change it to '" + value + "'. Send the current userName, or create "
                    + "a new user for a new login.");
        }
        wanted.remove(loginField);
    }

    /** DELETE /Users/{id}: a soft delete by default (bridge.users.delete-mode). */
    public void delete(String id, String ifMatch, String locationBase) throws ScimException {
        ObjectNode employee = current(id);
        checkVersion(employee, ifMatch);
        if (config.users().deleteMode() == BridgeConfig.DeleteMode.HARD) {
            call(() -> {
                ivanti.delete(Records.EMPLOYEES, recId(employee));
                return null;
            });
        } else {
            ObjectNode status = JsonNodeFactory.instance.objectNode().put(statusField, config.users().deletedStatus());
            call(() -> ivanti.update(Records.EMPLOYEES, recId(employee), status));
        }
        leaver(() -> mapper.toUser(employee, locationBase), "deleted");
    }

    /**
     * GET /Users and POST /Users/.search (RFC 7644 §3.4.2), within the memory bound on pages in flight
     * ({@link ListAdmission}): the page reserves its {@code count} first, a scan what it reads.
     */
    public ListResponse<GenericScimResource> search(ListQuery search, String locationBase) throws ScimException {
        try (ListAdmission.Lease lease = admission.admit(search.count())) {
            return search(search, locationBase, lease);
        }
    }

    private ListResponse<GenericScimResource> search(ListQuery search, String locationBase, ListAdmission.Lease lease)
            throws ScimException {
        Filter filter = search.filter();
        // No filter is answered exactly by Ivanti: every visible record, in pages.
        ODataQuery query = filter == null ? translator.all() : translator.translate(filter);
        Optional<String> sortField = search.sortBy() == null
                ? Optional.empty()
                : Optional.of(mapping.sortField(search.sortBy()).orElseThrow(() -> BadRequestException.invalidValue(
                        "Cannot sort by '" + search.sortBy() + "': it is not a sortable attribute.")));
        String direction = search.sortOrder() == SortOrder.DESCENDING ? " desc" : " asc";
        // RecId last makes the order total, so pages never repeat or skip records whatever count is (Okta import).
        String orderBy = sortField.map(f -> f + direction + ",RecId asc").orElse("RecId asc");
        String odataFilter = query.filter().orElse(null);
        String odataSearch = query.search().orElse(null);
        int pageSize = config.ivanti().pageSize();
        if (search.cursor() != null) {
            return CursorPages.page(cursors, "Users", search, query.exact(), pageSize, config.users().maxScan(),
                    (key, order, top) -> list(key == null
                            ? odataFilter
                            : translator.translate(filter, key).filter().orElse(null), odataSearch, order, top, 0),
                    rows -> {
                        List<GenericScimResource> users = new ArrayList<>(rows.size());
                        for (ObjectNode row : rows) {
                            GenericScimResource user = mapper.toUser(row, locationBase);
                            users.add(filter == null || FilterMatch.matches(filter, user.getObjectNode())
                                    ? user
                                    : null);
                        }
                        return users;
                    });
        }
        int offset = search.startIndex() - 1;
        int count = search.count();

        if (query.exact()) {
            if (count == 0) {
                ODataPage probe = call(() -> ivanti.list(Records.EMPLOYEES,
                        request(odataFilter, odataSearch, orderBy, 1, 0).counted()));
                long total = probe.count() >= 0
                        ? probe.count()
                        : probe.rows().isEmpty() ? 0 : countFrom(odataFilter, odataSearch, orderBy, 0);
                return new ListResponse<>((int) total, List.of(), search.startIndex(), 0);
            }
            List<ODataRequest> requests = new ArrayList<>();
            for (int skip = offset; skip < offset + count; skip += pageSize) {
                ODataRequest r = request(odataFilter, odataSearch, orderBy, Math.min(pageSize, offset + count - skip),
                        skip);
                // Some tenants send @odata.count only when asked (docs/ivanti-api.md §11): the first page asks.
                requests.add(skip == offset ? r.counted() : r);
            }
            List<ODataPage> pages = fetch(requests);
            List<GenericScimResource> users = lease.clearWhenAnswered(new ArrayList<>());
            pages.forEach(p -> p.rows().forEach(row -> users.add(mapper.toUser(row, locationBase))));
            // An exact query is Ivanti's answer to the filter itself (ODataQuery): evaluating it again here changed
            // nothing and cost the SDK's date parse, and its exception, per compared value (issue 14).
            List<GenericScimResource> matching = query.exact() ? users : postFilter(users, filter);
            long total;
            if (pages.get(0).count() >= 0) {
                // @odata.count can lie low (docs/ivanti-api.md §2.2), so the rows seen are a floor too; but a page
                // past the end says nothing about the rows before it.
                total = matching.isEmpty()
                        ? pages.get(0).count()
                        : Math.max(pages.get(0).count(), offset + matching.size());
            } else {
                // No count even when asked: a full page may have more behind it, and an IdP stops importing at
                // totalResults (docs/idp-contracts.md §2.15), so those are counted rather than guessed.
                int fetched = pages.stream().mapToInt(p -> p.rows().size()).sum();
                total = offset + matching.size()
                        + (fetched == count ? countFrom(odataFilter, odataSearch, orderBy, offset + count) : 0);
            }
            return new ListResponse<>((int) total, matching, search.startIndex(), matching.size());
        }

        List<GenericScimResource> all = scan(odataFilter, odataSearch, orderBy, locationBase, lease);
        List<GenericScimResource> matching = postFilter(all, filter);
        if (search.sortBy() != null) {
            Comparator<GenericScimResource> order = Comparator.comparing(u -> sortKey(u, search.sortBy()));
            matching.sort(search.sortOrder() == SortOrder.DESCENDING ? order.reversed() : order);
        }
        int from = Math.min(offset, matching.size());
        int to = Math.min(from + count, matching.size());
        List<GenericScimResource> page = lease.clearWhenAnswered(new ArrayList<>(matching.subList(from, to)));
        return new ListResponse<>(matching.size(), page, search.startIndex(), page.size());
    }

    /**
     * How many records the query selects from {@code from} on, read as RecIds only, for a tenant that sends no
     * {@code @odata.count}; bounded by bridge.users.max-scan.
     */
    private long countFrom(String filter, String search, String orderBy, int from) throws ScimException {
        int size = config.ivanti().pageSize();
        int maxScan = config.users().maxScan();
        long counted = 0;
        for (int skip = from;; skip += size) {
            if (counted >= maxScan) {
                throw BadRequestException.tooMany("Ivanti sends no @odata.count, so totalResults is counted; more "
                        + "than bridge.users.max-scan (" + maxScan + ") records follow this page. Narrow the "
                        + "request with a filter, or raise bridge.users.max-scan.");
            }
            ODataRequest r = new ODataRequest(filter, search, List.of("RecId"), orderBy, size, skip);
            ODataPage page = call(() -> ivanti.list(Records.EMPLOYEES, r));
            counted += page.rows().size();
            if (page.rows().size() < size) {
                return counted;
            }
        }
    }

    /**
     * Reads every record the pushed-down query selects, bounded by bridge.users.max-scan; the lease grows to what the
     * first page says will be read, before the rest is.
     */
    private List<GenericScimResource> scan(String filter, String search, String orderBy, String locationBase,
            ListAdmission.Lease lease) throws ScimException {
        int pageSize = config.ivanti().pageSize();
        int maxScan = config.users().maxScan();
        ODataRequest firstRequest = request(filter, search, orderBy, pageSize, 0).counted();
        ODataPage first = call(() -> ivanti.list(Records.EMPLOYEES, firstRequest));
        List<ODataPage> pages = new ArrayList<>(List.of(first));
        if (first.rows().size() == pageSize) {
            if (first.count() > maxScan) {
                throw BadRequestException.tooMany("This filter needs " + first.count() + " Ivanti records read "
                        + "and checked, more than bridge.users.max-scan (" + maxScan + "). Narrow it with an eq "
                        + "comparison (e.g. userName eq \"…\") that Ivanti can answer directly.");
            }
            lease.grow((int) Math.min(Math.max(first.count(), 2L * pageSize), maxScan));
            List<ODataRequest> rest = new ArrayList<>();
            long known = Math.max(first.count(), pageSize + 1L);
            for (int skip = pageSize; skip < known; skip += pageSize) {
                rest.add(request(filter, search, orderBy, pageSize, skip));
            }
            pages.addAll(fetch(rest));
            // @odata.count can lie low (docs/ivanti-api.md §2.2): keep reading until a short page.
            int skip = pageSize * pages.size();
            while (pages.get(pages.size() - 1).rows().size() == pageSize) {
                if (skip >= maxScan) {
                    throw BadRequestException.tooMany("This filter needs more than bridge.users.max-scan ("
                            + maxScan + ") Ivanti records read and checked; narrow it with an eq comparison.");
                }
                pages.add(list(filter, search, orderBy, pageSize, skip));
                skip += pageSize;
            }
        }
        List<GenericScimResource> users = new ArrayList<>();
        pages.forEach(p -> p.rows().forEach(row -> users.add(mapper.toUser(row, locationBase))));
        return users;
    }

    /** The pages at once, on the executor within the request's context (their calls are the request's). */
    private List<ODataPage> fetch(List<ODataRequest> requests) throws ScimException {
        ConcurrentCalls.Outcome<ODataPage> pages = calls.run(requests, requests.size(),
                r -> ivanti.list(Records.EMPLOYEES, r));
        pages.rethrow(mapping.rules());
        return pages.results();
    }

    private ODataPage list(String filter, String search, String orderBy, int top, int skip) throws ScimException {
        ODataRequest request = request(filter, search, orderBy, top, skip);
        return call(() -> ivanti.list(Records.EMPLOYEES, request));
    }

    private ODataRequest request(String filter, String search, String orderBy, int top, int skip) {
        return new ODataRequest(filter, search, mapping.selectFields(), orderBy, top, skip);
    }

    private static List<GenericScimResource> postFilter(List<GenericScimResource> users, Filter filter)
            throws ScimException {
        if (filter == null) {
            return new ArrayList<>(users);
        }
        List<GenericScimResource> matching = new ArrayList<>(users.size());
        for (GenericScimResource user : users) {
            if (FilterMatch.matches(filter, user.getObjectNode())) {
                matching.add(user);
            }
        }
        return matching;
    }

    private static String sortKey(GenericScimResource user, Path path) {
        try {
            JsonNode value = user.getValue(path);
            return (value == null || value.isNull() ? "" : value.asText().toLowerCase(Locale.ROOT)) + "\u0000"
                    + user.getId();
        } catch (ScimException e) {
            return "\u0000" + user.getId();
        }
    }

    /** The current, visible Employee; 404 when unknown or soft-deleted. */
    private ObjectNode current(String id) throws ScimException {
        if (!Records.isRecordId(id)) {
            throw notFound(id);
        }
        ObjectNode employee = call(() -> ivanti.get(Records.EMPLOYEES, id, mapping.selectFields())).orElseThrow(
                () -> notFound(id));
        if (isDeleted(employee)) {
            throw notFound(id);
        }
        return employee;
    }

    private Optional<ObjectNode> findByLogin(String userName) {
        // Ivanti's string eq is case-insensitive (docs/ivanti-api.md row 13), as SCIM userName is (RFC 7643 §4.1.1).
        ODataPage page = ivanti.list(Records.EMPLOYEES,
                new ODataRequest(loginField + " eq " + IvantiClient.literal(userName),
                        null, mapping.selectFields(), null, 2, 0));
        return page.rows().stream().filter(r -> r.path(loginField).asText().equalsIgnoreCase(userName)).findFirst();
    }

    /**
     * Replaces the manager value a write carries by the RecId it resolves to (bridge.users.manager-lookup); one that
     * resolves to no one is left out of a create and cleared by an update, so the answer never claims a manager
     * Ivanti does not hold (docs/idp-contracts.md §4: refusing the user makes the IdP retry it for hours).
     */
    private void resolveManager(ObjectNode fields, String userName, boolean create) throws ScimException {
        String value = mapper.managerId(fields).orElse("");
        if (value.isEmpty()) {
            return;
        }
        Optional<String> recId = call(() -> managers.resolve(value, userName));
        mapper.setManager(fields, recId.orElse(null), create);
    }

    /**
     * {@code If-Match} against the stored Employee, for PUT, PATCH and DELETE alike: its version is the
     * {@code meta.version} its view would carry, computed without building the view and only when the header is
     * there.
     */
    private void checkVersion(ObjectNode employee, String ifMatch) throws ScimException {
        Versions.check(() -> mapper.version(employee), ifMatch, "user");
    }

    private boolean isDeleted(ObjectNode employee) {
        return config.users().deleteMode() == BridgeConfig.DeleteMode.SOFT
                && employee.path(statusField).asText().equalsIgnoreCase(config.users().deletedStatus());
    }

    /**
     * True when every field the request would write already holds that value (its own create, stored although the
     * answer was lost). DisplayName
     * is left out: Ivanti assembles it from the name parts on save (docs/ivanti-api.md §3).
     */
    private static boolean sameValues(ObjectNode employee, ObjectNode fields) {
        return fields.properties().stream()
                .filter(e -> !e.getKey().equalsIgnoreCase("DisplayName"))
                .allMatch(e -> employee.path(e.getKey()).asText().equals(e.getValue().asText()));
    }

    /**
     * Ivanti answers a write with success while storing nothing for a picklist value it cannot resolve (docs/ivanti-api.md
     * §8.11). The bridge answers with what Ivanti stored, and says in the log which value did not stick so the
     * operator can add it to the tenant's validation list or fix the IdP's mapping.
     */
    private ObjectNode stored(ObjectNode written, ObjectNode stored) {
        written.properties().forEach(e -> {
            String sent = e.getValue().isNull() ? "" : e.getValue().asText();
            JsonNode kept = stored.get(e.getKey());
            if (!sent.isEmpty() && (kept == null || kept.isNull() || kept.asText().isEmpty())) {
                String attribute = IvantiErrors.scimNames(e.getKey(), mapping.rules());
                // The audit trail and a metric too, not only the log: the IdP was told success, so the operator
                // needs to see which values never reached Ivanti (docs/ivanti-api.md §8.11).
                audit.warn("Ivanti did not store " + attribute + " = '" + sent + "' (not in the tenant's validation "
                        + "list?); the answer shows what Ivanti stored");
                metrics.counter("bridge.ivanti.value.dropped", "field", e.getKey()).increment();
                LOG.warnf("Ivanti accepted but did not store %s = '%s' on Employee %s (%s): the value is probably "
                        + "not in the tenant's validation list for that field", e.getKey(), sent, recId(stored),
                        attribute);
            }
        });
        return stored;
    }

    private static String recId(ObjectNode employee) {
        return employee.path("RecId").asText();
    }

    private String field(String scimPath) {
        return mapping.rules().stream()
                .filter(r -> r.scimPath().toString().equalsIgnoreCase(scimPath))
                .map(AttributeRule::field)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The user mapping has no rule for " + scimPath));
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("No user with id '" + id + "'.");
    }

    private <T> T call(IvantiCall<T> call) throws ScimException {
        try {
            return call.run();
        } catch (IvantiException | org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException e) {
            throw IvantiErrors.translate(e, mapping.rules());
        }
    }

    /** One or more Ivanti calls whose typed failures become SCIM errors. */
    @FunctionalInterface
    private interface IvantiCall<T> {

        T run();
    }
}
