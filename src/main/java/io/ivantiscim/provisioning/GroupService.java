package io.ivantiscim.provisioning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

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
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.messages.SortOrder;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.ivanti.ODataPage;
import io.ivantiscim.ivanti.ODataRequest;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.PatchEngine;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.ScimMapper;
import io.ivantiscim.mapping.TeamMapper;
import io.ivantiscim.mapping.TeamMapper.Member;
import io.ivantiscim.mapping.UserMapping;
import io.ivantiscim.store.GroupExternalIdRepository;
import io.ivantiscim.store.Store;

/**
 * SCIM Group operations on Ivanti teams (or roles). Membership is always diffed against what Ivanti holds: adding a
 * member who is already in, or removing one who is not, costs no write; every real change is one link or unlink call,
 * run concurrently up to {@code bridge.groups.membership-concurrency}. Everything a request could be refused for
 * (unknown member ids, a duplicate name, a bad PATCH) is checked before the first write, and a request that fails
 * midway converges when the IdP repeats it, because the repeat is diffed again. The links themselves are read,
 * checked and changed by {@link Memberships}; a PATCH is normalised and applied by the same {@link PatchEngine} as
 * for Users. Without {@code bridge.groups.external-id-field} a group's {@code externalId} lives in the bridge's store
 * ({@link GroupExternalIdRepository}), written after Ivanti accepted the change and read once per list.
 */
@ApplicationScoped
public class GroupService {

    private final IvantiClient ivanti;
    private final TeamMapper teams;
    private final GroupRelationships relationships;
    private final Memberships memberships;
    private final PatchEngine patches;
    private final UserMapping userMapping;
    private final BridgeConfig config;
    private final String set;
    private final GroupExternalIdRepository externalIds;
    private final Cursors cursors;
    private final ListAdmission admission;

    GroupService(IvantiClient ivanti, TeamMapper teams, GroupRelationships relationships, Memberships memberships,
            PatchEngine patches, UserMapping userMapping, BridgeConfig config, Store store, Cursors cursors,
            ListAdmission admission) {
        this.admission = admission;
        this.cursors = cursors;
        this.externalIds = store.groupExternalIds();
        this.memberships = memberships;
        this.ivanti = ivanti;
        this.patches = patches;
        this.teams = teams;
        this.relationships = relationships;
        this.userMapping = userMapping;
        this.config = config;
        this.set = teams.backend().set();
    }

    // ---------------------------------------------------------------------------------------------- reads

    /** GET /Groups/{id}; with {@code withMembers=false} (Entra's excludedAttributes=members) one Ivanti call. */
    public GenericScimResource get(String id, boolean withMembers, String locationBase) throws ScimException {
        ObjectNode team = current(id);
        return teams.toGroup(team, storedExternalId(id), withMembers ? call(() -> memberships.members(id)) : null,
                locationBase);
    }

    /**
     * GET /Groups (RFC 7644 §3.4.2); members of the returned page are read concurrently, and only if wanted. The page
     * reserves its {@code count} in the memory bound on pages in flight ({@link ListAdmission}) first.
     */
    public ListResponse<GenericScimResource> search(ListQuery search, boolean withMembers, String locationBase)
            throws ScimException {
        try (ListAdmission.Lease lease = admission.admit(search.count())) {
            return search(search, withMembers, locationBase, lease);
        }
    }

    private ListResponse<GenericScimResource> search(ListQuery search, boolean withMembers, String locationBase,
            ListAdmission.Lease lease) throws ScimException {
        Filter filter = search.filter();
        String odata = filter == null ? null : teams.pushDown(filter, externalIds::groupIds).orElse(null);
        if (search.cursor() != null) {
            return cursorPage(search, odata, withMembers, locationBase);
        }
        List<ObjectNode> rows = call(() -> scan(odata)).stream().filter(t -> !teams.isDetached(t)).toList();
        boolean filterNeedsMembers = TeamMapper.needsMembers(filter);
        Map<String, List<Member>> members = filterNeedsMembers ? memberships.membersOf(ids(rows)) : Map.of();
        // The stored externalIds are read for every candidate only when the filter or the order needs them.
        boolean allNeedExternalIds = teams.externalIdInStore() && (filter != null && TeamMapper.readsExternalId(filter)
                || search.sortBy() != null && search.sortBy().size() == 1
                        && "externalId".equalsIgnoreCase(search.sortBy().getElement(0).getAttribute()));
        Map<String, String> stored = allNeedExternalIds ? externalIds.byGroupIds(ids(rows)) : Map.of();
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode row : rows) {
            String rowId = row.path("RecId").asText();
            GenericScimResource g = teams.toGroup(row, stored.get(rowId), members.get(rowId), locationBase);
            if (filter == null || FilterMatch.matches(filter, g.getObjectNode())) {
                matching.add(row);
            }
        }
        if (search.sortBy() != null) {
            Map<String, String> byId = stored;
            Comparator<ObjectNode> order = Comparator.comparing(t -> sortKey(t, byId, search.sortBy(),
                    locationBase));
            matching.sort(search.sortOrder() == SortOrder.DESCENDING ? order.reversed() : order);
        }
        int from = Math.min(search.startIndex() - 1, matching.size());
        int to = Math.min(from + search.count(), matching.size());
        List<ObjectNode> page = matching.subList(from, to);
        if (withMembers && !filterNeedsMembers) {
            members = memberships.membersOf(ids(page));
        }
        if (teams.externalIdInStore() && !allNeedExternalIds) {
            stored = externalIds.byGroupIds(ids(page));
        }
        List<GenericScimResource> groups = lease.clearWhenAnswered(new ArrayList<>(page.size()));
        for (ObjectNode row : page) {
            String rowId = row.path("RecId").asText();
            List<Member> m = withMembers ? members.getOrDefault(rowId, List.of()) : null;
            groups.add(teams.toGroup(row, stored.get(rowId), m, locationBase));
        }
        return new ListResponse<>(matching.size(), groups, search.startIndex(), groups.size());
    }

    /**
     * A cursor page (RFC 9865) of teams in RecId order: each Ivanti page is checked against the filter (members and
     * stored externalIds read for it only when the filter needs them), then the returned groups' members are read.
     */
    private ListResponse<GenericScimResource> cursorPage(ListQuery search, String odata, boolean withMembers,
            String locationBase) throws ScimException {
        Filter filter = search.filter();
        boolean filterNeedsMembers = TeamMapper.needsMembers(filter);
        boolean filterNeedsExternalIds = teams.externalIdInStore() && filter != null
                && TeamMapper.readsExternalId(filter);
        ListResponse<ObjectNode> page = CursorPages.page(cursors, "Groups", search, false, config.ivanti().pageSize(),
                config.groups().maxScan(),
                (key, order, top) -> call(() -> ivanti.list(set, new ODataRequest(
                        odata == null || key == null
                                ? (odata == null ? key : odata)
                                : teams.pushDown(filter, externalIds::groupIds, key).orElse(key),
                        null,
                        teams.selectFields(), order, top, 0))),
                rows -> {
                    List<ObjectNode> visible = rows.stream().filter(t -> !teams.isDetached(t)).toList();
                    Map<String, List<Member>> members = filterNeedsMembers
                            ? memberships.membersOf(ids(visible))
                            : Map.of();
                    Map<String, String> stored = filterNeedsExternalIds
                            ? externalIds.byGroupIds(ids(visible))
                            : Map.of();
                    List<ObjectNode> matching = new ArrayList<>(rows.size());
                    for (ObjectNode row : rows) {
                        String rowId = row.path("RecId").asText();
                        boolean keep = !teams.isDetached(row) && (filter == null || FilterMatch.matches(filter,
                                teams.toGroup(row, stored.get(rowId), members.get(rowId), locationBase)
                                        .getObjectNode()));
                        matching.add(keep ? row : null);
                    }
                    return matching;
                });
        List<ObjectNode> rows = page.getResources();
        Map<String, List<Member>> members = withMembers ? memberships.membersOf(ids(rows)) : Map.of();
        Map<String, String> stored = teams.externalIdInStore() ? externalIds.byGroupIds(ids(rows)) : Map.of();
        List<GenericScimResource> groups = new ArrayList<>(rows.size());
        for (ObjectNode row : rows) {
            String rowId = row.path("RecId").asText();
            groups.add(teams.toGroup(row, stored.get(rowId),
                    withMembers ? members.getOrDefault(rowId, List.of()) : null, locationBase));
        }
        return new ListResponse<>(page.getTotalResults(), null, groups.size(), page.getPreviousCursor(),
                page.getNextCursor(), groups);
    }

    // ---------------------------------------------------------------------------------------------- writes

    /** POST /Groups: 409 {@code uniqueness} for a taken displayName (case-insensitive); a detached one is taken back. */
    public GenericScimResource create(GenericScimResource group, String locationBase) throws ScimException {
        checkMemberCount(valueCount(group.getObjectNode().get("members")));
        ObjectNode fields = teams.toTeam(group);
        Set<String> wanted = TeamMapper.memberIds(group.getObjectNode().get("members"));
        String name = fields.path(teams.nameField()).asText();
        Map<String, Member> known = memberships.checkUsers(wanted);
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
            current = call(() -> memberships.members(id));
        } else {
            team = call(() -> ivanti.create(set, teams.forCreate(fields)));
            current = List.of();
        }
        String id = team.path("RecId").asText();
        // Written after the team exists; a revived group gets the new value (or loses a stale one) too.
        String externalId = storeExternalId(id, TeamMapper.externalIdOf(group));
        List<Member> after = memberships.changeMembers(id, current, wanted, known);
        return teams.toGroup(team, externalId, after, locationBase);
    }

    /** PUT /Groups/{id}: displayName and externalId replaced, members diffed against the full list sent. */
    public GenericScimResource replace(String id, GenericScimResource group, String ifMatch, String locationBase)
            throws ScimException {
        checkMemberCount(valueCount(group.getObjectNode().get("members")));
        ObjectNode fields = teams.toTeam(group);
        Set<String> wanted = TeamMapper.memberIds(group.getObjectNode().get("members"));
        ObjectNode team = current(id);
        String before = storedExternalId(id);
        Versions.check(teams.version(team, before), ifMatch, "group");
        List<Member> current = call(() -> memberships.members(id));
        return update(team, fields, before, TeamMapper.externalIdOf(group), current, wanted, locationBase);
    }

    /**
     * PATCH /Groups/{id} in every dialect Okta and Entra send (docs/idp-contracts.md §2 items 21–22, §3 items 9–10),
     * through the same {@link PatchEngine} as Users, so adding a member who is in, or removing one who is not, costs no
     * write. A PATCH that names each member it adds or removes by id ({@link TeamMapper#memberDelta}) and whose answer
     * does not show members touches only those users' links ({@link #patchNamedMembers}): its cost does not grow with
     * the group. Any other PATCH is applied to the group's current view, members included, and the patched view is
     * written back as a PUT would be.
     *
     * @param withMembers whether the answer shows {@code members}; when not, the members are absent from it
     */
    public GenericScimResource patch(String id, ObjectNode body, String ifMatch, boolean withMembers,
            String locationBase) throws ScimException {
        // Validate the body before reading Ivanti: a malformed PATCH costs no call.
        PatchRequest request = patches.normalise(body, TeamMapper.GROUP_URN);
        teams.checkPatch(request);
        int members = 0;
        for (PatchOperation op : request) {
            Path path = op.getPath();
            if (path == null || path.isRoot()) {
                members += valueCount(op.getJsonNode() == null ? null : op.getJsonNode().get("members"));
            } else if (path.getElement(0).getAttribute().equalsIgnoreCase("members")) {
                members += path.getElement(0).getValueFilter() != null ? 1 : valueCount(op.getJsonNode());
            }
        }
        checkMemberCount(members);
        Optional<TeamMapper.MemberDelta> named = withMembers ? Optional.empty() : TeamMapper.memberDelta(request);
        // The values too, on a stand-in group: a bad displayName, externalId or member shape costs no call. Named
        // members were checked by memberDelta, so only the other operations need the dry run then.
        ObjectNode seed = ScimMapper.MAPPER.createObjectNode().put("displayName", "-");
        seed.putArray("schemas").add(TeamMapper.GROUP_URN);
        if (named.isEmpty()) {
            GenericScimResource dry = patches.dryRun(request, seed);
            teams.toTeam(dry);
            TeamMapper.memberIds(dry.getObjectNode().get("members"));
        } else if (!named.get().others().isEmpty()) {
            teams.toTeam(patches.dryRun(new PatchRequest(named.get().others()), seed));
        }
        ObjectNode team = current(id);
        String before = storedExternalId(id);
        // meta.version covers the team record and its externalId, not the members (TeamMapper#version).
        Versions.check(teams.version(team, before), ifMatch, "group");
        if (named.isPresent()) {
            return patchNamedMembers(team, before, named.get(), locationBase);
        }
        List<Member> current = call(() -> memberships.members(id));
        GenericScimResource after = patches.apply(request, teams.toGroup(team, before, current, locationBase));
        return update(team, teams.toTeam(after), before, TeamMapper.externalIdOf(after), current,
                TeamMapper.memberIds(after.getObjectNode().get("members")), locationBase);
    }

    /**
     * A PATCH whose member changes are all named ids, applied without reading the group's members when that would
     * cost more ({@link Memberships#namedChanges}): only real changes are linked or unlinked, after the group's own
     * fields are written. The answer carries no {@code members}.
     */
    private GenericScimResource patchNamedMembers(ObjectNode team, String before, TeamMapper.MemberDelta delta,
            String locationBase) throws ScimException {
        String id = team.path("RecId").asText();
        GenericScimResource view = teams.toGroup(team, before, null, locationBase);
        GenericScimResource after = delta.others().isEmpty()
                ? view
                : patches.apply(new PatchRequest(delta.others()), view);
        Memberships.NamedChanges changes = memberships.namedChanges(id, delta.adds(), delta.removes());
        Written written = write(team, teams.toTeam(after), before, TeamMapper.externalIdOf(after));
        memberships.link(id, changes.links(), changes.unlinks());
        return teams.toGroup(written.team(), written.externalId(), null, locationBase);
    }

    /** DELETE /Groups/{id}: the team is deleted, or (delete-mode detach) emptied and hidden from SCIM. */
    public void delete(String id, String ifMatch) throws ScimException {
        ObjectNode team = current(id);
        Versions.check(teams.version(team, storedExternalId(id)), ifMatch, "group");
        if (config.groups().deleteMode() == BridgeConfig.GroupDeleteMode.DELETE) {
            call(() -> {
                ivanti.delete(set, id);
                return null;
            });
            storeExternalId(id, null);
            return;
        }
        // Every link goes, including those of soft-deleted users the SCIM view does not show.
        List<String> all = call(() -> memberships.relatedIds(id));
        memberships.runAll(all.stream()
                .map(e -> (Runnable) () -> ivanti.unlink(Records.EMPLOYEES, e, relationships.employeeToGroup(),
                        id))
                .toList(), all, "unlink");
        call(() -> ivanti.update(set, team.path("RecId").asText(), teams.detachedMark()));
        storeExternalId(id, null);
    }

    // ---------------------------------------------------------------------------------------------- User.groups

    /** The {@code groups} of one user: one relationship read. */
    public ArrayNode groupsOf(String userId, String groupsBase) throws ScimException {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        call(() -> memberships
                .readAll((top, skip) -> ivanti.related(Records.EMPLOYEES, userId, relationships.employeeToGroup(),
                        teams.selectFields(), top, skip)))
                .stream()
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
        Map<String, List<Member>> members = memberships.membersOf(ids(all));
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

    // ---------------------------------------------------------------------------------------------- updates

    /** Checks everything, then writes the changed fields (one call, if any) and the membership diff. */
    private GenericScimResource update(ObjectNode team, ObjectNode fields, String storedBefore, String externalId,
            List<Member> current, Set<String> wanted, String locationBase) throws ScimException {
        String id = team.path("RecId").asText();
        Set<String> currentIds = new LinkedHashSet<>();
        current.forEach(m -> currentIds.add(m.id()));
        Set<String> adds = new LinkedHashSet<>(wanted);
        adds.removeAll(currentIds);
        Map<String, Member> known = memberships.checkUsers(adds);
        Written written = write(team, fields, storedBefore, externalId);
        List<Member> after = memberships.changeMembers(id, current, wanted, known);
        return teams.toGroup(written.team(), written.externalId(), after, locationBase);
    }

    /** The team record and externalId after {@link #write}. */
    private record Written(ObjectNode team, String externalId) {
    }

    /**
     * Writes the fields that differ from {@code team} (one call, if any) after checking that a new displayName is
     * free, then the externalId if it changed.
     */
    private Written write(ObjectNode team, ObjectNode fields, String storedBefore, String externalId)
            throws ScimException {
        String id = team.path("RecId").asText();
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
        // An unchanged externalId costs no store write, as an unchanged field costs no Ivanti call.
        String storedExternalId = Objects.equals(storedBefore, externalId)
                ? storedBefore
                : storeExternalId(id, externalId);
        return new Written(stored, storedExternalId);
    }

    /** 413 before any Ivanti call when one request carries more members than bridge.groups.max-members. */
    private void checkMemberCount(int members) throws ScimException {
        int max = config.groups().maxMembers();
        if (members > max) {
            throw new ScimException(413, null, "The request carries " + members + " members, more than the " + max
                    + " this bridge accepts in one request (bridge.groups.max-members); send the change in parts "
                    + "(PATCH add and remove).");
        }
    }

    private static int valueCount(JsonNode value) {
        return value == null || value.isNull() ? 0 : value.isArray() ? value.size() : 1;
    }

    // ---------------------------------------------------------------------------------------------- externalId store

    /** The stored externalId of a group; null when a team field holds it, or none is stored. */
    private String storedExternalId(String id) {
        return teams.externalIdInStore() ? externalIds.byGroupId(id).orElse(null) : null;
    }

    /**
     * Records {@code externalId} (null: none) for the group when the store keeps it. Returns the value the group now
     * has in the store.
     */
    private String storeExternalId(String id, String externalId) {
        if (teams.externalIdInStore()) {
            externalIds.put(id, externalId, Instant.now());
        }
        return teams.externalIdInStore() ? externalId : null;
    }

    // ---------------------------------------------------------------------------------------------- Ivanti reads

    /** The visible team; 404 when unknown or detached. */
    private ObjectNode current(String id) throws ScimException {
        if (!Records.isRecordId(id)) {
            throw notFound(id);
        }
        ObjectNode team = call(() -> ivanti.get(set, id, teams.selectFields())).orElseThrow(() -> notFound(id));
        if (teams.isDetached(team)) {
            throw notFound(id);
        }
        return team;
    }

    private Optional<ObjectNode> findByName(String name) {
        // Ivanti's eq is case-insensitive (docs/ivanti-api.md row 13), as displayName is unique here.
        ODataPage page = ivanti.list(set, new ODataRequest(teams.nameField() + " eq " + IvantiClient.literal(name),
                null, teams.selectFields(), null, 2, 0));
        return page.rows().stream().filter(r -> r.path(teams.nameField()).asText().equalsIgnoreCase(name))
                .findFirst();
    }

    /** Every team (or role) the filter selects, in RecId order, bounded by bridge.groups.max-scan. */
    private List<ObjectNode> scan(String filter) {
        int size = config.ivanti().pageSize();
        int max = config.groups().maxScan();
        // The first page asks for @odata.count, which some tenants send only then (docs/ivanti-api.md §11).
        Function<Integer, ODataPage> read = skip -> ivanti.list(set, new ODataRequest(filter, null,
                teams.selectFields(), "RecId asc", size, skip, skip == 0));
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
        ConcurrentCalls.Outcome<ODataPage> pages = memberships.calls().run(skips, Memberships.PAGES_AHEAD, read);
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
        // @odata.count can lie low (docs/ivanti-api.md §2.2): keep reading until a short page.
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

    private static List<String> ids(List<ObjectNode> rows) {
        return rows.stream().map(r -> r.path("RecId").asText()).toList();
    }

    private String sortKey(ObjectNode team, Map<String, String> stored, Path path, String locationBase) {
        try {
            JsonNode value = teams.toGroup(team, stored.get(team.path("RecId").asText()), null, locationBase)
                    .getValue(path);
            return (value == null || value.isNull() ? "" : value.asText().toLowerCase(Locale.ROOT)) + "\u0000"
                    + team.path("RecId").asText();
        } catch (ScimException e) {
            return "\u0000" + team.path("RecId").asText();
        }
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
