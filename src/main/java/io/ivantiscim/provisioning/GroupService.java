package io.ivantiscim.provisioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.utils.FilterEvaluator;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.ivanti.ODataPage;
import io.ivantiscim.ivanti.ODataRequest;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.TeamMapper;
import io.ivantiscim.mapping.TeamMapper.Member;
import io.ivantiscim.mapping.UserMapping;

/**
 * SCIM Group operations on Ivanti teams (or roles). Membership is always diffed against what Ivanti holds: adding a
 * member who is already in, or removing one who is not, costs no call; every real change is one link or unlink call,
 * run concurrently up to {@code bridge.groups.membership-concurrency}. Everything a request could be refused for
 * (unknown member ids, a duplicate name, a bad PATCH) is checked before the first write, and a request that fails
 * midway converges when the IdP repeats it, because the repeat is diffed again.
 */
@ApplicationScoped
public class GroupService {

    private static final Logger LOG = Logger.getLogger(GroupService.class);

    static final String EMPLOYEES = "employees";
    private static final String PATCH_OP_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** Ivanti RecIds are 32 hex digits; anything else cannot exist and must not reach an OData literal. */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    /** Member pages read at once after a full first page (a relationship read carries no count). */
    private static final int PAGES_AHEAD = 4;

    private final IvantiClient ivanti;
    private final TeamMapper teams;
    private final GroupRelationships relationships;
    private final UserMapping userMapping;
    private final BridgeConfig config;
    private final ExecutorService executor;
    private final String set;
    private final String statusField;
    private final String displayField;
    private final List<String> memberSelect;

    GroupService(IvantiClient ivanti, TeamMapper teams, GroupRelationships relationships, UserMapping userMapping,
            BridgeConfig config, ExecutorService executor) {
        this.ivanti = ivanti;
        this.teams = teams;
        this.relationships = relationships;
        this.userMapping = userMapping;
        this.config = config;
        this.executor = executor;
        this.set = teams.backend().set();
        this.statusField = userField("active", "Status");
        this.displayField = userField("displayName", "DisplayName");
        this.memberSelect = List.copyOf(new LinkedHashSet<>(List.of("RecId", displayField, statusField)));
    }

    // ---------------------------------------------------------------------------------------------- reads

    /** GET /Groups/{id}; with {@code withMembers=false} (Entra's excludedAttributes=members) one Ivanti call. */
    public GenericScimResource get(String id, boolean withMembers, String locationBase) throws ScimException {
        ObjectNode team = current(id);
        return teams.toGroup(team, withMembers ? call(() -> members(id)) : null, locationBase);
    }

    /** GET /Groups (RFC 7644 §3.4.2); members of the returned page are read concurrently, and only if wanted. */
    public ListResponse<GenericScimResource> search(ListQuery search, boolean withMembers, String locationBase)
            throws ScimException {
        Filter filter = search.filter();
        String odata = filter == null ? null : teams.pushDown(filter).orElse(null);
        List<ObjectNode> rows = call(() -> scan(odata)).stream().filter(t -> !teams.isDetached(t)).toList();
        boolean filterNeedsMembers = TeamMapper.needsMembers(filter);
        Map<String, List<Member>> members = filterNeedsMembers ? membersOf(ids(rows)) : Map.of();
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode row : rows) {
            GenericScimResource g = teams.toGroup(row, members.get(row.path("RecId").asText()), locationBase);
            if (filter == null || FilterEvaluator.evaluate(filter, g.getObjectNode())) {
                matching.add(row);
            }
        }
        if (search.sortBy() != null) {
            Comparator<ObjectNode> order = Comparator.comparing(t -> sortKey(t, search.sortBy(), locationBase));
            matching.sort(search.sortOrder() == SortOrder.DESCENDING ? order.reversed() : order);
        }
        int from = Math.min(search.startIndex() - 1, matching.size());
        int to = Math.min(from + search.count(), matching.size());
        List<ObjectNode> page = matching.subList(from, to);
        if (withMembers && !filterNeedsMembers) {
            members = membersOf(ids(page));
        }
        List<GenericScimResource> groups = new ArrayList<>(page.size());
        for (ObjectNode row : page) {
            List<Member> m = withMembers ? members.getOrDefault(row.path("RecId").asText(), List.of()) : null;
            groups.add(teams.toGroup(row, m, locationBase));
        }
        return new ListResponse<>(matching.size(), groups, search.startIndex(), groups.size());
    }

    // ---------------------------------------------------------------------------------------------- writes

    /** POST /Groups: 409 {@code uniqueness} for a taken displayName (case-insensitive); a detached one is taken back. */
    public GenericScimResource create(GenericScimResource group, String locationBase) throws ScimException {
        ObjectNode fields = teams.toTeam(group);
        Set<String> wanted = memberIds(group.getObjectNode().get("members"));
        String name = fields.path(teams.nameField()).asText();
        Map<String, Member> known = checkUsers(wanted);
        Optional<ObjectNode> existing = call(() -> findByName(name));
        ObjectNode team;
        List<Member> current;
        if (existing.isPresent()) {
            if (!teams.isDetached(existing.get())) {
                throw new ScimException(409, BadRequestException.UNIQUENESS, "A group with displayName '" + name
                        + "' already exists (id " + existing.get().path("RecId").asText() + "). displayName is "
                        + "unique, case-insensitively.");
            }
            // A detached group (delete-mode detach) comes back under the same record, as soft-deleted users do.
            String id = existing.get().path("RecId").asText();
            ObjectNode update = fields.deepCopy().setAll(teams.revivedMark());
            team = call(() -> ivanti.update(set, id, update));
            current = call(() -> members(id));
        } else {
            team = call(() -> ivanti.create(set, teams.forCreate(fields)));
            current = List.of();
        }
        List<Member> after = changeMembers(team.path("RecId").asText(), current, wanted, known);
        return teams.toGroup(team, after, locationBase);
    }

    /** PUT /Groups/{id}: displayName and externalId replaced, members diffed against the full list sent. */
    public GenericScimResource replace(String id, GenericScimResource group, String ifMatch, String locationBase)
            throws ScimException {
        ObjectNode fields = teams.toTeam(group);
        Set<String> wanted = memberIds(group.getObjectNode().get("members"));
        ObjectNode team = current(id);
        Versions.check(teams.version(team), ifMatch, "group");
        List<Member> current = call(() -> members(id));
        return update(team, fields, current, wanted, locationBase);
    }

    /**
     * PATCH /Groups/{id} in every dialect Okta and Entra send (idp-contracts Okta 21–22, Entra 9–10): add, remove and
     * replace of {@code members} (with or without {@code type}, {@code $ref:null}), {@code members[value eq "id"]}
     * removes, Entra's remove with a value array, and the no-path replace carrying {@code id} (ignored) and
     * {@code displayName}.
     */
    public GenericScimResource patch(String id, ObjectNode body, String ifMatch, String locationBase)
            throws ScimException {
        JsonNode operations = operations(body);
        ObjectNode team = current(id);
        Versions.check(teams.version(team), ifMatch, "group");
        List<Member> current = call(() -> members(id));
        Map<String, Member> byId = new LinkedHashMap<>();
        current.forEach(m -> byId.put(m.id(), m));
        Set<String> wanted = new LinkedHashSet<>(byId.keySet());
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (JsonNode op : operations) {
            applyOperation(op, fields, wanted, byId);
        }
        return update(team, fields, current, wanted, locationBase);
    }

    /** DELETE /Groups/{id}: the team is deleted, or (delete-mode detach) emptied and hidden from SCIM. */
    public void delete(String id, String ifMatch) throws ScimException {
        ObjectNode team = current(id);
        Versions.check(teams.version(team), ifMatch, "group");
        if (config.groups().deleteMode() == BridgeConfig.GroupDeleteMode.DELETE) {
            call(() -> {
                ivanti.delete(set, id);
                return null;
            });
            return;
        }
        // Every link goes, including those of soft-deleted users the SCIM view does not show.
        List<String> all = call(() -> relatedIds(id));
        runAll(all.stream().map(e -> (Runnable) () -> ivanti.unlink(EMPLOYEES, e, relationships.employeeToGroup(),
                id)).toList(), all, "unlink");
        call(() -> ivanti.update(set, team.path("RecId").asText(), teams.detachedMark()));
    }

    // ---------------------------------------------------------------------------------------------- User.groups

    /** The {@code groups} of one user: one relationship read. */
    public ArrayNode groupsOf(String userId, String groupsBase) throws ScimException {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        call(() -> readAll(skip -> ivanti.related(EMPLOYEES, userId, relationships.employeeToGroup(),
                teams.selectFields(), config.ivanti().pageSize(), skip))).stream()
                .filter(t -> !teams.isDetached(t))
                .forEach(t -> out.add(teams.userGroup(t, groupsBase)));
        return out;
    }

    /**
     * The {@code groups} of many users at once, without a call per user: every visible group and its members are
     * read (concurrently) and inverted, so a list costs calls in proportion to the groups, not the users.
     */
    public Map<String, ArrayNode> groupsOf(Collection<String> userIds, String groupsBase) throws ScimException {
        Map<String, ArrayNode> out = new HashMap<>();
        userIds.forEach(u -> out.put(u, JsonNodeFactory.instance.arrayNode()));
        if (userIds.isEmpty()) {
            return out;
        }
        List<ObjectNode> all = call(() -> scan(null)).stream().filter(t -> !teams.isDetached(t)).toList();
        Map<String, List<Member>> members = membersOf(ids(all));
        for (ObjectNode team : all) {
            for (Member m : members.getOrDefault(team.path("RecId").asText(), List.of())) {
                ArrayNode groups = out.get(m.id());
                if (groups != null) {
                    groups.add(teams.userGroup(team, groupsBase));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- PATCH

    private static JsonNode operations(ObjectNode body) throws ScimException {
        JsonNode schemas = body.get("schemas");
        boolean patchOp = false;
        if (schemas != null) {
            for (JsonNode s : schemas) {
                patchOp |= s.asText().equalsIgnoreCase(PATCH_OP_URN);
            }
        }
        JsonNode ops = body.get("Operations");
        if (ops == null) {
            ops = body.get("operations");
        }
        if (!patchOp || ops == null || !ops.isArray() || ops.isEmpty()) {
            throw BadRequestException.invalidSyntax("A PATCH body must be a PatchOp message (schemas [\""
                    + PATCH_OP_URN + "\"]) with a non-empty Operations array.");
        }
        for (JsonNode op : ops) {
            String name = op.path("op").asText("").toLowerCase(Locale.ROOT);
            if (!op.isObject() || !List.of("add", "remove", "replace").contains(name)) {
                throw BadRequestException.invalidSyntax("Each operation needs an op of add, remove or replace, not "
                        + op.path("op") + ".");
            }
        }
        return ops;
    }

    private void applyOperation(JsonNode op, ObjectNode fields, Set<String> wanted, Map<String, Member> byId)
            throws ScimException {
        String name = op.path("op").asText().toLowerCase(Locale.ROOT);
        String pathText = op.path("path").isTextual() ? op.path("path").asText().trim() : "";
        JsonNode value = op.get("value");
        if (pathText.isEmpty()) {
            if (name.equals("remove")) {
                throw new BadRequestException("A remove operation needs a path (RFC 7644 §3.5.2.2).",
                        BadRequestException.NO_TARGET);
            }
            if (value == null || !value.isObject()) {
                throw BadRequestException.invalidValue("An " + name + " without a path needs an object value.");
            }
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String attr = e.getKey().replaceFirst("(?i)^" + Pattern.quote(TeamMapper.GROUP_URN) + ":", "");
                // Okta's rename carries the group's id (idp-contracts Okta 21): ignored, as are schemas and meta.
                if (List.of("id", "schemas", "meta").contains(attr.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                applyAttribute(name, attr, null, e.getValue(), fields, wanted, byId);
            }
            return;
        }
        Path path;
        try {
            path = Path.fromString(pathText);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidPath("The path '" + pathText + "' does not parse: " + e.getMessage());
        }
        String urn = path.getSchemaUrn();
        if (path.isRoot() || (urn != null && !urn.equalsIgnoreCase(TeamMapper.GROUP_URN)) || path.size() > 1) {
            throw BadRequestException.invalidPath("The path '" + pathText + "' is not a Group attribute that can be "
                    + "patched (displayName, externalId, members).");
        }
        applyAttribute(name, path.getElement(0).getAttribute(), path.getElement(0).getValueFilter(), value, fields,
                wanted, byId);
    }

    private void applyAttribute(String op, String attr, Filter valueFilter, JsonNode value, ObjectNode fields,
            Set<String> wanted, Map<String, Member> byId) throws ScimException {
        switch (attr.toLowerCase(Locale.ROOT)) {
            case "displayname" -> {
                if (op.equals("remove") || value == null || !value.isTextual() || value.asText().isBlank()) {
                    throw BadRequestException.invalidValue("displayName is required and must be a non-empty "
                            + "string.");
                }
                fields.put(teams.nameField(), value.asText());
            }
            case "externalid" -> {
                if (!op.equals("remove") && (value == null || !(value.isTextual() || value.isNull()))) {
                    throw BadRequestException.invalidValue("externalId must be a string.");
                }
                teams.externalIdField().ifPresent(f -> fields.put(f, op.equals("remove") || value.isNull()
                        ? ""
                        : value.asText()));
            }
            case "members" -> {
                if (valueFilter != null) {
                    if (!op.equals("remove")) {
                        throw BadRequestException.invalidPath("Only remove can target members[…]; add members with "
                                + "path \"members\" and a value array.");
                    }
                    wanted.removeIf(id -> matches(valueFilter, id, byId.get(id)));
                    return;
                }
                Set<String> ids = op.equals("remove") && (value == null || value.isNull())
                        ? Set.copyOf(wanted)
                        : memberIds(value);
                switch (op) {
                    case "add" -> wanted.addAll(ids);
                    case "remove" -> wanted.removeAll(ids);
                    default -> {
                        wanted.clear();
                        wanted.addAll(ids);
                    }
                }
            }
            default -> throw BadRequestException.invalidPath("'" + attr + "' is not a Group attribute that can be "
                    + "patched (displayName, externalId, members).");
        }
    }

    private static boolean matches(Filter filter, String id, Member known) {
        ObjectNode member = JsonNodeFactory.instance.objectNode().put("value", id).put("type", "User");
        if (known != null && known.display() != null) {
            member.put("display", known.display());
        }
        try {
            return FilterEvaluator.evaluate(filter, member);
        } catch (ScimException e) {
            return false;
        }
    }

    /** The member ids of a {@code members} value: an array (or one object) of {@code {value, type?, $ref?}}. */
    private static Set<String> memberIds(JsonNode value) throws ScimException {
        Set<String> ids = new LinkedHashSet<>();
        if (value == null || value.isNull()) {
            return ids;
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        for (JsonNode item : items) {
            JsonNode v = item.isObject() ? findCi(item, "value") : null;
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw BadRequestException.invalidValue("Each member needs a \"value\" holding a user's id, not "
                        + item + ".");
            }
            JsonNode type = findCi(item, "type");
            if (type != null && type.isTextual() && !type.asText().equalsIgnoreCase("User")) {
                throw BadRequestException.invalidValue("Member '" + v.asText() + "' has type '" + type.asText()
                        + "': only users can be members (nested groups are not supported).");
            }
            ids.add(v.asText().trim());
        }
        return ids;
    }

    private static JsonNode findCi(JsonNode object, String name) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- updates

    /** Checks everything, then writes the changed fields (one call, if any) and the membership diff. */
    private GenericScimResource update(ObjectNode team, ObjectNode fields, List<Member> current, Set<String> wanted,
            String locationBase) throws ScimException {
        String id = team.path("RecId").asText();
        Set<String> currentIds = new LinkedHashSet<>();
        current.forEach(m -> currentIds.add(m.id()));
        Set<String> adds = new LinkedHashSet<>(wanted);
        adds.removeAll(currentIds);
        Map<String, Member> known = checkUsers(adds);
        ObjectNode changes = fields.objectNode();
        fields.properties().forEach(e -> {
            if (!team.path(e.getKey()).asText("").equals(e.getValue().asText(""))) {
                changes.set(e.getKey(), e.getValue());
            }
        });
        if (changes.has(teams.nameField())) {
            String name = changes.get(teams.nameField()).asText();
            if (!name.equalsIgnoreCase(team.path(teams.nameField()).asText())) {
                Optional<ObjectNode> other = call(() -> findByName(name));
                if (other.isPresent() && !other.get().path("RecId").asText().equals(id)) {
                    throw new ScimException(409, BadRequestException.UNIQUENESS, "Another group already has "
                            + "displayName '" + name + "'.");
                }
            }
        }
        ObjectNode stored = changes.isEmpty() ? team : call(() -> ivanti.update(set, id, changes));
        List<Member> after = changeMembers(id, current, wanted, known);
        return teams.toGroup(stored, after, locationBase);
    }

    /**
     * Links and unlinks the difference between {@code current} and {@code wanted}, concurrently and bounded; answers
     * the resulting members. When some calls fail the others still run, and the error says to repeat the request.
     */
    private List<Member> changeMembers(String teamId, List<Member> current, Set<String> wanted,
            Map<String, Member> known) throws ScimException {
        String relationship = relationships.employeeToGroup();
        List<String> removes = new ArrayList<>();
        List<Member> after = new ArrayList<>();
        Set<String> currentIds = new LinkedHashSet<>();
        for (Member m : current) {
            currentIds.add(m.id());
            if (wanted.contains(m.id())) {
                after.add(m);
            } else {
                removes.add(m.id());
            }
        }
        List<String> adds = wanted.stream().filter(w -> !currentIds.contains(w)).toList();
        adds.forEach(a -> after.add(known.getOrDefault(a, new Member(a, null))));
        List<Runnable> calls = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String e : adds) {
            calls.add(() -> ivanti.link(EMPLOYEES, e, relationship, teamId));
            targets.add(e);
        }
        for (String e : removes) {
            calls.add(() -> ivanti.unlink(EMPLOYEES, e, relationship, teamId));
            targets.add(e);
        }
        runAll(calls, targets, "membership change");
        return after;
    }

    /** Runs the calls with at most {@code membership-concurrency} at once; fails after all ran if any failed. */
    private void runAll(List<Runnable> calls, List<String> targets, String what) throws ScimException {
        if (calls.isEmpty()) {
            return;
        }
        List<RuntimeException> failures = bounded(calls, config.groups().membershipConcurrency(), c -> {
            c.run();
            return null;
        }).failures();
        int failed = 0;
        RuntimeException first = null;
        String firstTarget = null;
        for (int i = 0; i < failures.size(); i++) {
            if (failures.get(i) != null) {
                failed++;
                if (first == null) {
                    first = failures.get(i);
                    firstTarget = targets.get(i);
                }
            }
        }
        if (first == null) {
            return;
        }
        LOG.warnf("%d of %d %s calls failed; first for user %s: %s", failed, calls.size(), what, firstTarget,
                first.getMessage());
        if (first instanceof IvantiException.NotFound) {
            throw BadRequestException.invalidValue("Member '" + firstTarget + "' is not the id of an existing user ("
                    + (calls.size() - failed) + " of " + calls.size() + " membership changes were made).");
        }
        ScimException translated = IvantiErrors.translate(first, rules());
        throw new RetryableScimException(translated.getScimError().getStatus() >= 500
                ? 503
                : translated.getScimError().getStatus(),
                failed + " of " + calls.size() + " membership changes "
                        + "failed in Ivanti (" + translated.getScimError().getDetail() + "); the others were made. "
                        + "Repeat the request: it applies only what is still missing.",
                IvantiErrors.DEFAULT_RETRY_AFTER);
    }

    /**
     * The existing, visible users among {@code ids}, read in batches of {@code member-check-batch} ids (concurrently);
     * 400 {@code invalidValue} naming the ids that are not users, before anything is written.
     */
    private Map<String, Member> checkUsers(Set<String> ids) throws ScimException {
        Map<String, Member> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<String> bad = new ArrayList<>(ids.stream().filter(i -> !RECORD_ID.matcher(i).matches()).toList());
        List<String> valid = ids.stream().filter(i -> RECORD_ID.matcher(i).matches()).toList();
        int batch = Math.max(1, config.groups().memberCheckBatch());
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < valid.size(); i += batch) {
            batches.add(valid.subList(i, Math.min(valid.size(), i + batch)));
        }
        Outcome<ODataPage> pages = bounded(batches, config.groups().membershipConcurrency(),
                b -> ivanti.list(EMPLOYEES, new ODataRequest(String.join(" or ", b.stream()
                        .map(i -> "RecId eq " + IvantiClient.literal(i)).toList()), null, memberSelect, null,
                        b.size(), 0)));
        pages.rethrow(this);
        for (ODataPage page : pages.results()) {
            for (ObjectNode row : page.rows()) {
                if (!isDeletedUser(row)) {
                    found.put(row.path("RecId").asText(), member(row));
                }
            }
        }
        // Ivanti's eq is case-insensitive; the id must be exact.
        valid.stream().filter(i -> !found.containsKey(i)).forEach(bad::add);
        if (!bad.isEmpty()) {
            throw BadRequestException.invalidValue("Not the id of an existing user: " + String.join(", ",
                    bad.subList(0, Math.min(bad.size(), 20)))
                    + (bad.size() > 20
                            ? " and " + (bad.size() - 20)
                                    + " more"
                            : "")
                    + ". Nothing was changed.");
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------------- Ivanti reads

    /** The visible team; 404 when unknown or detached. */
    private ObjectNode current(String id) throws ScimException {
        if (id == null || !RECORD_ID.matcher(id).matches()) {
            throw notFound(id);
        }
        ObjectNode team = call(() -> ivanti.get(set, id, teams.selectFields())).orElseThrow(() -> notFound(id));
        if (teams.isDetached(team)) {
            throw notFound(id);
        }
        return team;
    }

    private Optional<ObjectNode> findByName(String name) {
        // Ivanti's eq is case-insensitive (ivanti-api row 13), as displayName is unique here.
        ODataPage page = ivanti.list(set, new ODataRequest(teams.nameField() + " eq " + IvantiClient.literal(name),
                null, teams.selectFields(), null, 2, 0));
        return page.rows().stream().filter(r -> r.path(teams.nameField()).asText().equalsIgnoreCase(name))
                .findFirst();
    }

    /** The visible members of a team (soft-deleted users stay linked but are not shown). */
    private List<Member> members(String teamId) {
        List<Member> out = new ArrayList<>();
        for (ObjectNode row : readAll(skip -> ivanti.related(set, teamId, relationships.groupToEmployee(),
                memberSelect, config.ivanti().pageSize(), skip))) {
            if (!isDeletedUser(row)) {
                out.add(member(row));
            }
        }
        return out;
    }

    /** Every linked Employee id, soft-deleted ones included. */
    private List<String> relatedIds(String teamId) {
        return readAll(skip -> ivanti.related(set, teamId, relationships.groupToEmployee(), List.of("RecId"),
                config.ivanti().pageSize(), skip)).stream().map(r -> r.path("RecId").asText()).toList();
    }

    private Map<String, List<Member>> membersOf(List<String> teamIds) throws ScimException {
        Outcome<List<Member>> outcome = bounded(teamIds, config.groups().membershipConcurrency(), this::members);
        outcome.rethrow(this);
        Map<String, List<Member>> out = new HashMap<>();
        for (int i = 0; i < teamIds.size(); i++) {
            out.put(teamIds.get(i), outcome.results().get(i));
        }
        return out;
    }

    /** A relationship read has no count: after a full first page, the next pages are read a few at a time. */
    private List<ObjectNode> readAll(Function<Integer, ODataPage> page) {
        int size = config.ivanti().pageSize();
        ODataPage first = page.apply(0);
        List<ObjectNode> rows = new ArrayList<>(first.rows());
        int skip = size;
        boolean more = first.rows().size() >= size;
        while (more) {
            List<Integer> skips = new ArrayList<>();
            for (int i = 0; i < PAGES_AHEAD; i++) {
                skips.add(skip + i * size);
            }
            Outcome<ODataPage> pages = bounded(skips, PAGES_AHEAD, page);
            for (int i = 0; i < skips.size(); i++) {
                if (pages.failures().get(i) != null) {
                    throw pages.failures().get(i);
                }
                ODataPage p = pages.results().get(i);
                rows.addAll(p.rows());
                if (p.rows().size() < size) {
                    more = false;
                    break;
                }
            }
            skip += PAGES_AHEAD * size;
        }
        return rows;
    }

    /** Every team (or role) the filter selects, in RecId order, bounded by bridge.groups.max-scan. */
    private List<ObjectNode> scan(String filter) {
        int size = config.ivanti().pageSize();
        int max = config.groups().maxScan();
        Function<Integer, ODataPage> read = skip -> ivanti.list(set, new ODataRequest(filter, null,
                teams.selectFields(), "RecId asc", size, skip));
        ODataPage first = read.apply(0);
        if (first.count() > max) {
            throw new TooMany(first.count(), max);
        }
        List<ObjectNode> rows = new ArrayList<>(first.rows());
        if (first.rows().size() < size) {
            return rows;
        }
        List<Integer> skips = new ArrayList<>();
        for (int skip = size; skip < first.count(); skip += size) {
            skips.add(skip);
        }
        Outcome<ODataPage> pages = bounded(skips, PAGES_AHEAD, read);
        int skip = size;
        ODataPage last = first;
        for (int i = 0; i < skips.size(); i++) {
            if (pages.failures().get(i) != null) {
                throw pages.failures().get(i);
            }
            last = pages.results().get(i);
            rows.addAll(last.rows());
            skip += size;
        }
        // @odata.count can lie low (ivanti-api §2.2): keep reading until a short page.
        while (last.rows().size() == size) {
            if (skip >= max) {
                throw new TooMany(skip, max);
            }
            last = read.apply(skip);
            rows.addAll(last.rows());
            skip += size;
        }
        return rows;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Results and failures of a bounded concurrent run, by input position. */
    private record Outcome<R>(List<R> results, List<RuntimeException> failures) {

        void rethrow(GroupService service) throws ScimException {
            for (RuntimeException f : failures) {
                if (f != null) {
                    service.call(() -> {
                        throw f;
                    });
                }
            }
        }
    }

    /** Applies {@code fn} to every item on the executor, at most {@code bound} at a time; never throws. */
    private <T, R> Outcome<R> bounded(List<T> items, int bound, Function<T, R> fn) {
        int n = items.size();
        List<R> results = new ArrayList<>(java.util.Collections.nCopies(n, null));
        List<RuntimeException> failures = new ArrayList<>(java.util.Collections.nCopies(n, null));
        if (n == 0) {
            return new Outcome<>(results, failures);
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    R r = fn.apply(items.get(i));
                    synchronized (results) {
                        results.set(i, r);
                    }
                } catch (RuntimeException e) {
                    synchronized (results) {
                        failures.set(i, e);
                    }
                }
            }
        };
        int workers = Math.max(1, Math.min(bound, n));
        if (workers == 1) {
            worker.run();
        } else {
            List<CompletableFuture<Void>> futures = new ArrayList<>(workers - 1);
            for (int w = 1; w < workers; w++) {
                futures.add(CompletableFuture.runAsync(worker, executor));
            }
            // The request's own thread works too, so a saturated pool cannot stall the request.
            worker.run();
            futures.forEach(CompletableFuture::join);
        }
        synchronized (results) {
            return new Outcome<>(new ArrayList<>(results), new ArrayList<>(failures));
        }
    }

    private Member member(ObjectNode employee) {
        return new Member(employee.path("RecId").asText(), employee.path(displayField).asText(""));
    }

    private boolean isDeletedUser(ObjectNode employee) {
        return config.users().deleteMode() == BridgeConfig.DeleteMode.SOFT
                && employee.path(statusField).asText().equalsIgnoreCase(config.users().deletedStatus());
    }

    private static List<String> ids(List<ObjectNode> rows) {
        return rows.stream().map(r -> r.path("RecId").asText()).toList();
    }

    private String sortKey(ObjectNode team, Path path, String locationBase) {
        try {
            JsonNode value = teams.toGroup(team, null, locationBase).getValue(path);
            return (value == null || value.isNull() ? "" : value.asText().toLowerCase(Locale.ROOT)) + "\u0000"
                    + team.path("RecId").asText();
        } catch (ScimException e) {
            return "\u0000" + team.path("RecId").asText();
        }
    }

    private String userField(String scimPath, String fallback) {
        return userMapping.rules().stream().filter(r -> r.scimPath().toString().equalsIgnoreCase(scimPath))
                .map(AttributeRule::field).findFirst().orElse(fallback);
    }

    private List<AttributeRule> rules() {
        return userMapping.rules();
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("No group with id '" + id + "'.");
    }

    /** A list whose filter Ivanti cannot narrow would read more than bridge.groups.max-scan records. */
    private static final class TooMany extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TooMany(long needed, int max) {
            super("This request needs " + needed + " or more Ivanti group records read, more than "
                    + "bridge.groups.max-scan (" + max + "). Narrow it with displayName eq \"…\".");
        }
    }

    private <T> T call(IvantiCall<T> call) throws ScimException {
        try {
            return call.run();
        } catch (TooMany e) {
            throw BadRequestException.tooMany(e.getMessage());
        } catch (IvantiException | org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException e) {
            throw IvantiErrors.translate(e, rules());
        }
    }

    /** One or more Ivanti calls whose typed failures become SCIM errors. */
    @FunctionalInterface
    private interface IvantiCall<T> {

        T run();
    }
}
