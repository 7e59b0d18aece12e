package io.ivantiscim.provisioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.ivanti.ODataPage;
import io.ivantiscim.ivanti.ODataRequest;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.Records;
import io.ivantiscim.mapping.TeamMapper;
import io.ivantiscim.mapping.TeamMapper.Member;
import io.ivantiscim.mapping.UserMapping;

/**
 * The team ⇄ Employee links behind a Group's {@code members}: reading them (a relationship read has no count, so
 * pages are read a few at a time), checking that ids sent as members are visible users before anything is written,
 * and changing them, one link or unlink call per real change, run concurrently up to
 * {@code bridge.groups.membership-concurrency}.
 */
@ApplicationScoped
class Memberships {

    private static final Logger LOG = Logger.getLogger(Memberships.class);

    /** Member pages read at once after a full first page (a relationship read carries no count). */
    static final int PAGES_AHEAD = 4;

    private static final List<String> ID_ONLY = List.of("RecId");

    private final IvantiClient ivanti;
    private final GroupRelationships relationships;
    private final UserMapping userMapping;
    private final BridgeConfig config;
    private final ConcurrentCalls concurrent;
    private final String set;
    private final String statusField;
    private final String displayField;
    private final List<String> memberSelect;

    Memberships(IvantiClient ivanti, TeamMapper teams, GroupRelationships relationships, UserMapping userMapping,
            BridgeConfig config, ExecutorService executor) {
        this.ivanti = ivanti;
        this.relationships = relationships;
        this.userMapping = userMapping;
        this.config = config;
        this.concurrent = new ConcurrentCalls(executor);
        this.set = teams.backend().set();
        this.statusField = userField("active", "Status");
        this.displayField = userField("displayName", "DisplayName");
        this.memberSelect = List.copyOf(new LinkedHashSet<>(List.of("RecId", displayField, statusField)));
    }

    /** The calls runner, for the team scans of {@link GroupService}. */
    ConcurrentCalls calls() {
        return concurrent;
    }

    /**
     * Links and unlinks the difference between {@code current} and {@code wanted}, concurrently and bounded; answers
     * the resulting members. When some calls fail the others still run, and the error says to repeat the request.
     */
    List<Member> changeMembers(String teamId, List<Member> current, Set<String> wanted,
            Map<String, Member> known) throws ScimException {
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
        link(teamId, adds, removes);
        return after;
    }

    /** Links {@code adds} to the team and unlinks {@code removes}: one call each, concurrently and bounded. */
    void link(String teamId, List<String> adds, List<String> removes) throws ScimException {
        String relationship = relationships.employeeToGroup();
        List<Runnable> calls = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String e : adds) {
            calls.add(() -> ivanti.link(Records.EMPLOYEES, e, relationship, teamId));
            targets.add(e);
        }
        for (String e : removes) {
            calls.add(() -> ivanti.unlink(Records.EMPLOYEES, e, relationship, teamId));
            targets.add(e);
        }
        runAll(calls, targets, "membership change");
    }

    /** The link and unlink calls a PATCH of named members makes: only real changes. */
    record NamedChanges(List<String> links, List<String> unlinks) {
    }

    /**
     * What a PATCH that names each member it adds and removes ({@link TeamMapper.MemberDelta}) changes, learnt
     * without reading the whole group when it is big: the added ids must be visible users (400 naming those that are
     * not, before anything is written; a request of unknown ids ends at its first read, issue 15), removing one who
     * is not a user or is soft-deleted changes nothing, as in the group's view, and of the rest only those not linked
     * yet are linked and those linked are unlinked. Who is linked comes from one of two reads, whichever costs fewer
     * calls: for more than {@code membership-concurrency} users the team's member ids, as long as that takes fewer
     * reads than there are users (a relationship read has no count, so a bigger team is found out after that many
     * reads), else one read of each user's own groups (docs/ivanti-api.md §5: a link is visible from both sides), so
     * the cost follows the users named, not the size of the group. With many removes (Okta sends one operation per
     * member, most often of users who are no members) the team is read first, so only removed ids in it are checked.
     *
     * @param removes lower-cased, as {@link TeamMapper.MemberDelta#removes()}
     */
    NamedChanges namedChanges(String teamId, Set<String> adds, Set<String> removes) throws ScimException {
        int concurrency = config.groups().membershipConcurrency();
        int named = adds.size() + removes.size();
        // The team is read at most once; null when it was not, or took more reads than asking each user.
        boolean teamRead = removes.size() > concurrency;
        Set<String> inTeam = teamRead ? teamMemberIds(teamId, named) : null;
        Collection<String> toCheck;
        if (inTeam == null) {
            toCheck = new LinkedHashSet<>(adds);
            toCheck.addAll(removes);
        } else {
            toCheck = new LinkedHashSet<>(adds);
            for (String r : removes) {
                if (inTeam.contains(r)) {
                    toCheck.add(r);
                }
            }
        }
        Map<String, Member> users = visibleUsers(toCheck, adds);
        Map<String, Member> known = requireUsers(adds, users);
        List<String> candidates = new ArrayList<>(known.keySet());
        for (String u : users.keySet()) {
            if (removes.contains(u.toLowerCase(Locale.ROOT))) {
                candidates.add(u);
            }
        }
        if (!teamRead && candidates.size() > concurrency) {
            inTeam = teamMemberIds(teamId, candidates.size());
        }
        Set<String> linked = inTeam == null ? linkedByUser(teamId, candidates) : null;
        List<String> links = new ArrayList<>();
        List<String> unlinks = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            String u = candidates.get(i);
            boolean in = linked != null ? linked.contains(u) : inTeam.contains(u.toLowerCase(Locale.ROOT));
            if (i < known.size() && !in) {
                links.add(u);
            } else if (i >= known.size() && in) {
                unlinks.add(u);
            }
        }
        return new NamedChanges(links, unlinks);
    }

    /**
     * The ids of the team's linked employees (lower case, soft-deleted ones included), or null when reading them would
     * take more than {@code maxReads} reads.
     */
    private Set<String> teamMemberIds(String teamId, int maxReads) throws ScimException {
        List<ObjectNode> rows;
        try {
            rows = readAll((top, skip) -> ivanti.related(set, teamId, relationships.groupToEmployee(), ID_ONLY, top,
                    skip), maxReads);
        } catch (IvantiException | FaultToleranceException e) {
            throw IvantiErrors.translate(e, rules());
        }
        if (rows == null) {
            return null;
        }
        Set<String> in = new HashSet<>();
        rows.forEach(r -> in.add(r.path("RecId").asText().toLowerCase(Locale.ROOT)));
        return in;
    }

    /** Which of {@code userIds} are linked to the team: one read of each user's own groups. */
    private Set<String> linkedByUser(String teamId, List<String> userIds) throws ScimException {
        String relationship = relationships.employeeToGroup();
        ConcurrentCalls.Outcome<Boolean> outcome = concurrent.run(userIds, config.groups().membershipConcurrency(),
                u -> {
                    try {
                        return readAll((top, skip) -> ivanti.related(Records.EMPLOYEES, u, relationship, ID_ONLY,
                                top, skip)).stream().anyMatch(t -> t.path("RecId").asText().equalsIgnoreCase(teamId));
                    } catch (IvantiException.NotFound e) {
                        return false;
                    }
                });
        outcome.rethrow(rules());
        Set<String> linked = new HashSet<>();
        for (int i = 0; i < userIds.size(); i++) {
            if (Boolean.TRUE.equals(outcome.results().get(i))) {
                linked.add(userIds.get(i));
            }
        }
        return linked;
    }

    /** Runs the calls with at most {@code membership-concurrency} at once; fails after all ran if any failed. */
    void runAll(List<Runnable> calls, List<String> targets, String what) throws ScimException {
        if (calls.isEmpty()) {
            return;
        }
        List<RuntimeException> failures = concurrent.run(calls, config.groups().membershipConcurrency(), c -> {
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
     * The existing, visible users among {@code ids}; 400 {@code invalidValue} naming the ids that are not users, before
     * anything is written.
     */
    Map<String, Member> checkUsers(Set<String> ids) throws ScimException {
        return requireUsers(ids, visibleUsers(ids, ids));
    }

    /**
     * The visible users among {@code ids}, keyed by their RecId as Ivanti spells it; ids that are not users are simply
     * absent, unless {@code required}: the first read that finds one of those missing ends the request with 400
     * {@code invalidValue} naming them (issue 15: a request of unknown ids costs one read, not one per batch). The
     * ids are read with {@code RecId eq … or …}, as many per read as fit {@code bridge.ivanti.max-query-length}
     * (docs/ivanti-api.md §8.15) and at most {@code member-check-batch}; the first read alone, then
     * {@code membership-concurrency} at a time.
     */
    private Map<String, Member> visibleUsers(Collection<String> ids, Set<String> required) throws ScimException {
        Map<String, Member> found = new HashMap<>();
        List<String> malformed = required.stream().filter(i -> !Records.isRecordId(i)).toList();
        if (!malformed.isEmpty()) {
            throw unknownUsers(malformed, required.size() > malformed.size());
        }
        List<String> valid = ids.stream().filter(Records::isRecordId).toList();
        List<ODataRequest> batches = checkBatches(valid);
        int concurrency = Math.max(1, config.groups().membershipConcurrency());
        int checked = 0;
        for (int from = 0, round = 1; from < batches.size(); from += round, round = concurrency) {
            List<ODataRequest> reads = batches.subList(from, Math.min(batches.size(), from + round));
            ConcurrentCalls.Outcome<ODataPage> pages = concurrent.run(reads, concurrency,
                    r -> ivanti.list(Records.EMPLOYEES, r));
            pages.rethrow(rules());
            for (ODataPage page : pages.results()) {
                for (ObjectNode row : page.rows()) {
                    if (!isDeletedUser(row)) {
                        found.put(row.path("RecId").asText(), member(row));
                    }
                }
            }
            if (required.isEmpty()) {
                continue;
            }
            int end = checked;
            for (ODataRequest r : reads) {
                end += r.top();
            }
            List<String> missing = new ArrayList<>();
            for (String i : valid.subList(checked, end)) {
                if (required.contains(i) && !found.containsKey(i)) {
                    missing.add(i);
                }
            }
            checked = end;
            if (!missing.isEmpty()) {
                throw unknownUsers(missing, from + reads.size() < batches.size());
            }
        }
        return found;
    }

    /**
     * The id-check reads of {@code ids}, in order: each holds as many ids as fit the tenant's query length, at most
     * {@code member-check-batch} and the page size (its {@code $top}).
     */
    private List<ODataRequest> checkBatches(List<String> ids) {
        int cap = Math.max(1, Math.min(config.groups().memberCheckBatch(), config.ivanti().pageSize()));
        int max = config.ivanti().maxQueryLength();
        // A read's encoded length is that of the read without a filter plus its filter's and its $top's digits, so
        // each id adds the length of its own term: linear in the ids (re-measuring the growing filter per id was a
        // twentieth of a large push's CPU).
        int bare = checkRequest("", 1).encodedQueryLength() - 1;
        int or = checkRequest(" or ", 1).encodedQueryLength() - bare - 1;
        List<ODataRequest> batches = new ArrayList<>();
        StringBuilder filter = new StringBuilder();
        int filterLength = 0;
        int inOpen = 0;
        for (String id : ids) {
            String term = "RecId eq " + IvantiClient.literal(id);
            int termLength = checkRequest(term, 1).encodedQueryLength() - bare - 1;
            if (inOpen > 0 && inOpen < cap
                    && bare + filterLength + or + termLength + digits(inOpen + 1) <= max) {
                filter.append(" or ").append(term);
                filterLength += or + termLength;
                inOpen++;
                continue;
            }
            if (inOpen > 0) {
                batches.add(checkRequest(filter.toString(), inOpen));
            }
            filter.setLength(0);
            filter.append(term);
            filterLength = termLength;
            inOpen = 1;
        }
        if (inOpen > 0) {
            batches.add(checkRequest(filter.toString(), inOpen));
        }
        return batches;
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    private ODataRequest checkRequest(String filter, int ids) {
        return new ODataRequest(filter, null, memberSelect, null, ids, 0);
    }

    private static BadRequestException unknownUsers(List<String> bad, boolean othersUnchecked) {
        return BadRequestException.invalidValue("Not the id of an existing user: " + String.join(", ",
                bad.subList(0, Math.min(bad.size(), 20)))
                + (bad.size() > 20 ? " and " + (bad.size() - 20) + " more" : "")
                + (othersUnchecked ? " (the other members were not checked)" : "") + ". Nothing was changed.");
    }

    /** {@code found} restricted to {@code ids}; 400 {@code invalidValue} naming every id of {@code ids} not in it. */
    private static Map<String, Member> requireUsers(Set<String> ids, Map<String, Member> found) throws ScimException {
        Map<String, Member> known = new HashMap<>();
        List<String> bad = new ArrayList<>();
        for (String i : ids) {
            // Ivanti's eq is case-insensitive; the id must be exact.
            Member m = found.get(i);
            if (m == null) {
                bad.add(i);
            } else {
                known.put(i, m);
            }
        }
        if (!bad.isEmpty()) {
            throw unknownUsers(bad, false);
        }
        return known;
    }

    /** The visible members of a team (soft-deleted users stay linked but are not shown). */
    List<Member> members(String teamId) {
        List<Member> out = new ArrayList<>();
        for (ObjectNode row : readAll((top, skip) -> ivanti.related(set, teamId, relationships.groupToEmployee(),
                memberSelect, top, skip))) {
            if (!isDeletedUser(row)) {
                out.add(member(row));
            }
        }
        return out;
    }

    /** Every linked Employee id, soft-deleted ones included. */
    List<String> relatedIds(String teamId) {
        return readAll((top, skip) -> ivanti.related(set, teamId, relationships.groupToEmployee(), ID_ONLY,
                top, skip)).stream().map(r -> r.path("RecId").asText()).toList();
    }

    Map<String, List<Member>> membersOf(List<String> teamIds) throws ScimException {
        ConcurrentCalls.Outcome<List<Member>> outcome = concurrent.run(teamIds, config.groups().membershipConcurrency(),
                this::members);
        outcome.rethrow(rules());
        Map<String, List<Member>> out = new HashMap<>();
        for (int i = 0; i < teamIds.size(); i++) {
            out.put(teamIds.get(i), outcome.results().get(i));
        }
        return out;
    }

    /**
     * Every record of a relationship read ({@code page} takes {@code $top} and {@code $skip}). It has no count, so
     * after a full first page the next pages are read a few at a time. Nothing documents {@code $top}/{@code $skip}
     * on navigation properties (docs/ivanti-api.md §5), so a page is never trusted to be new: one longer than asked,
     * or one holding only records already seen, means the tenant ignores them, and rows are kept once by RecId.
     */
    List<ObjectNode> readAll(BiFunction<Integer, Integer, ODataPage> page) {
        return readAll(page, Integer.MAX_VALUE);
    }

    /** {@link #readAll(BiFunction)}, or null once that would take more than {@code maxReads} reads. */
    private List<ObjectNode> readAll(BiFunction<Integer, Integer, ODataPage> page, int maxReads) {
        int size = config.ivanti().pageSize();
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        ODataPage first = page.apply(size, 0);
        fresh(first, rows);
        int skip = size;
        // Shorter: the end; longer than asked: paging ignored, so this was everything.
        boolean more = first.rows().size() == size;
        int reads = 1;
        while (more) {
            if (reads + PAGES_AHEAD > maxReads) {
                return null;
            }
            reads += PAGES_AHEAD;
            List<Integer> skips = new ArrayList<>();
            for (int i = 0; i < PAGES_AHEAD; i++) {
                skips.add(skip + i * size);
            }
            ConcurrentCalls.Outcome<ODataPage> pages = concurrent.run(skips, PAGES_AHEAD, k -> page.apply(size, k));
            for (int i = 0; i < skips.size(); i++) {
                if (pages.failures().get(i) != null) {
                    throw pages.failures().get(i);
                }
                ODataPage p = pages.results().get(i);
                int added = fresh(p, rows);
                if (p.rows().size() != size) {
                    more = false;
                    break;
                }
                if (added == 0) {
                    ignoredSkip(page, size);
                    more = false;
                    break;
                }
            }
            skip += PAGES_AHEAD * size;
        }
        return new ArrayList<>(rows.values());
    }

    /**
     * A full page of records already read: {@code $skip} is ignored. If {@code $top} is too, every page was the whole
     * set and nothing is missing; if {@code $top} is honoured, records past the first page cannot be reached, and
     * answering with part of them would be wrong.
     */
    private static void ignoredSkip(BiFunction<Integer, Integer, ODataPage> page, int size) {
        if (page.apply(1, 0).rows().size() > 1) {
            return;
        }
        throw new IvantiException.Unavailable("Ivanti repeats the first " + size + " records of a relationship read "
                + "whatever $skip says, so the rest cannot be read; the tenant must honour $skip on navigation "
                + "properties (docs/ivanti-api.md §5)", List.of(), 0);
    }

    /** Adds the page's rows not seen yet; answers how many were new. */
    private static int fresh(ODataPage page, Map<String, ObjectNode> rows) {
        int added = 0;
        for (ObjectNode row : page.rows()) {
            if (rows.putIfAbsent(row.path("RecId").asText(), row) == null) {
                added++;
            }
        }
        return added;
    }

    private Member member(ObjectNode employee) {
        return new Member(employee.path("RecId").asText(), employee.path(displayField).asText(""));
    }

    private boolean isDeletedUser(ObjectNode employee) {
        return config.users().deleteMode() == BridgeConfig.DeleteMode.SOFT
                && employee.path(statusField).asText().equalsIgnoreCase(config.users().deletedStatus());
    }

    private String userField(String scimPath, String fallback) {
        return userMapping.rules().stream().filter(r -> r.scimPath().toString().equalsIgnoreCase(scimPath))
                .map(AttributeRule::field).findFirst().orElse(fallback);
    }

    List<AttributeRule> rules() {
        return userMapping.rules();
    }
}
