package io.ivantiscim.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;

import io.ivantiscim.config.BridgeConfig;

/**
 * Converts between an Ivanti team (StandardUserTeam) or role (Frs_def_role) and the SCIM Group view (RFC 7643 §4.2):
 * {@code id} ⇄ RecId, {@code displayName} ⇄ the name field ({@code Team} or {@code Name}), {@code externalId} ⇄ a
 * configurable field (or, without one, a value the caller keeps in the bridge's store), {@code members} ⇄ the Employee relationship, {@code meta} from the record's dates. Group
 * filters become OData in {@link TeamFilterTranslator}.
 */
@ApplicationScoped
public class TeamMapper {

    /** RFC 7643 §4.2 core Group schema. */
    public static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private static final Set<String> PATCHABLE = ciSet("displayName", "externalId", "members");
    private static final Set<String> IGNORED_IN_VALUE = ciSet("id", "schemas", "meta");

    private final Backend backend;
    private final Optional<String> externalIdField;
    private final String detachField;
    private final String detachValue;
    private final EmployeeMapper dates;
    private final List<String> selectFields;

    /**
     * What backs a Group in Ivanti.
     *
     * @param set the OData entity set ({@code standarduserteams})
     * @param entity the lower-case entity type name in {@code $metadata} ({@code standarduserteam})
     * @param nameField the unique name field that {@code displayName} maps to
     * @param extraCreateField a second field a create fills with the name ({@code DisplayName} for roles), or null
     */
    public record Backend(String set, String entity, String nameField, String extraCreateField) {

        static Backend of(BridgeConfig.GroupBackend kind) {
            return switch (kind) {
                case TEAMS -> new Backend("standarduserteams", "standarduserteam", "Team", null);
                case ROLES -> new Backend("frs_def_roles", "frs_def_role", "Name", "DisplayName");
            };
        }
    }

    /** One member as the bridge knows it: the Employee RecId and its display name. */
    public record Member(String id, String display) {
    }

    /** CDI constructor. */
    @Inject
    public TeamMapper(BridgeConfig config, EmployeeMapper dates) {
        this(Backend.of(config.groups().backend()), config.groups().externalIdField().filter(f -> !f.isBlank()),
                config.groups().detachField(), config.groups().detachValue(), dates);
    }

    TeamMapper(Backend backend, Optional<String> externalIdField, String detachField, String detachValue,
            EmployeeMapper dates) {
        this.backend = backend;
        this.externalIdField = externalIdField;
        this.detachField = detachField;
        this.detachValue = detachValue;
        this.dates = dates;
        Set<String> select = new LinkedHashSet<>(List.of("RecId", backend.nameField()));
        externalIdField.ifPresent(select::add);
        select.add(detachField);
        select.addAll(List.of("CreatedDateTime", "LastModDateTime"));
        this.selectFields = List.copyOf(select);
    }

    /** The backend in use. */
    public Backend backend() {
        return backend;
    }

    /** The fields every team read selects. */
    public List<String> selectFields() {
        return selectFields;
    }

    /** The name field ({@code Team}/{@code Name}). */
    public String nameField() {
        return backend.nameField();
    }

    /** True when the record was detached from SCIM (delete-mode detach) and is invisible. */
    public boolean isDetached(ObjectNode team) {
        return team.path(detachField).asText().trim().equalsIgnoreCase(detachValue);
    }

    /** The fields that mark a record detached. */
    public ObjectNode detachedMark() {
        return JsonNodeFactory.instance.objectNode().put(detachField, detachValue);
    }

    /** The fields that take a detached record back (the mark cleared). */
    public ObjectNode revivedMark() {
        return JsonNodeFactory.instance.objectNode().put(detachField, "");
    }

    /**
     * The SCIM Group view of a record.
     *
     * @param members the members, or null when they were not read (then {@code members} is absent)
     * @param locationBase the public URL of {@code /Groups}; {@code /Users} is its sibling
     */
    public GenericScimResource toGroup(ObjectNode team, List<Member> members, String locationBase) {
        return toGroup(team, null, members, locationBase);
    }

    /**
     * The SCIM Group view of a record whose {@code externalId} the bridge's store holds.
     *
     * @param storedExternalId the stored externalId, or null; ignored when a team field holds it
     * @param members the members, or null when they were not read (then {@code members} is absent)
     * @param locationBase the public URL of {@code /Groups}; {@code /Users} is its sibling
     */
    public GenericScimResource toGroup(ObjectNode team, String storedExternalId, List<Member> members,
            String locationBase) {
        ObjectNode group = ScimMapper.MAPPER.createObjectNode();
        group.putArray("schemas").add(GROUP_URN);
        String id = team.path("RecId").asText();
        group.put("id", id);
        externalIdField.map(f -> team.path(f).asText("")).or(() -> Optional.ofNullable(storedExternalId))
                .filter(v -> !v.isEmpty())
                .ifPresent(v -> group.put("externalId", v));
        group.put("displayName", team.path(backend.nameField()).asText());
        if (members != null && !members.isEmpty()) {
            String users = usersBase(locationBase);
            ArrayNode array = group.putArray("members");
            for (Member m : members) {
                ObjectNode member = array.addObject().put("value", m.id());
                if (m.display() != null && !m.display().isEmpty()) {
                    member.put("display", m.display());
                }
                member.put("type", "User");
                if (users != null) {
                    member.put("$ref", users + "/" + m.id());
                }
            }
        }
        ObjectNode meta = group.putObject("meta");
        meta.put("resourceType", "Group");
        dates.ivantiInstant(team.path("CreatedDateTime").asText(null))
                .ifPresent(i -> meta.put("created", DateTimeFormatter.ISO_INSTANT.format(i)));
        dates.ivantiInstant(team.path("LastModDateTime").asText(null))
                .ifPresent(i -> meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(i)));
        if (locationBase != null) {
            meta.put("location", locationBase + "/" + id);
        }
        meta.put("version", version(team, storedExternalId));
        return new GenericScimResource(group);
    }

    /** One entry of a User's read-only {@code groups} attribute (RFC 7643 §4.1.2). */
    public ObjectNode userGroup(ObjectNode team, String groupsBase) {
        String id = team.path("RecId").asText();
        ObjectNode g = JsonNodeFactory.instance.objectNode().put("value", id);
        if (groupsBase != null) {
            g.put("$ref", groupsBase + "/" + id);
        }
        g.put("display", team.path(backend.nameField()).asText());
        g.put("type", "direct");
        return g;
    }

    /**
     * The record fields a POST or PUT body writes: the name, and the external id when a field holds it.
     *
     * @throws BadRequestException {@code invalidValue} when {@code displayName} is missing or not a string
     */
    public ObjectNode toTeam(GenericScimResource group) throws ScimException {
        JsonNode name = group.getObjectNode().get("displayName");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw BadRequestException.invalidValue("Attribute 'displayName' is required and must be a non-empty "
                    + "string");
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put(backend.nameField(), name.asText());
        String externalId = externalIdOf(group);
        externalIdField.ifPresent(f -> fields.put(f, externalId == null ? "" : externalId));
        return fields;
    }

    /**
     * The {@code externalId} a body carries: null when absent, null or empty.
     *
     * @throws BadRequestException {@code invalidValue} when it is not a string
     */
    public static String externalIdOf(GenericScimResource group) throws BadRequestException {
        JsonNode externalId = group.getObjectNode().get("externalId");
        if (externalId != null && !externalId.isNull() && !externalId.isTextual()) {
            throw BadRequestException.invalidValue("Attribute 'externalId' must be a string");
        }
        return externalId == null || externalId.isNull() || externalId.asText().isEmpty()
                ? null
                : externalId.asText();
    }

    /**
     * Refuses, before anything is read, a PATCH that targets what a Group cannot change: only {@code displayName},
     * {@code externalId} and {@code members} are patchable, {@code members[…]} only by {@code remove}. In a no-path
     * value {@code id}, {@code schemas} and {@code meta} are ignored: Okta's rename carries the group's id
     * (docs/idp-contracts.md §2.21).
     *
     * @throws BadRequestException {@code invalidPath} for any other target, {@code invalidValue} for a no-path
     *         operation whose value is not an object
     */
    public void checkPatch(PatchRequest request) throws BadRequestException {
        for (PatchOperation op : request) {
            Path path = op.getPath();
            if (path == null || path.isRoot()) {
                JsonNode value = op.getJsonNode();
                if (!(value instanceof ObjectNode v)) {
                    throw BadRequestException.invalidValue("An " + op.getOpType().toString().toLowerCase(Locale.ROOT)
                            + " without a path needs an object value.");
                }
                for (String key : (Iterable<String>) v::fieldNames) {
                    if (!IGNORED_IN_VALUE.contains(key) && !PATCHABLE.contains(key)) {
                        throw notPatchable(key);
                    }
                }
                continue;
            }
            String attr = path.getElement(0).getAttribute();
            if (path.getSchemaUrn() != null || path.size() > 1 || !PATCHABLE.contains(attr)) {
                throw notPatchable(path.toString());
            }
            if (path.getElement(0).getValueFilter() != null
                    && (op.getOpType() != PatchOpType.REMOVE || !attr.equalsIgnoreCase("members"))) {
                throw BadRequestException.invalidPath("Only remove can target members[…]; add members with path "
                        + "\"members\" and a value array.");
            }
        }
    }

    private static BadRequestException notPatchable(String target) {
        return BadRequestException.invalidPath("'" + target + "' is not a Group attribute that can be patched "
                + "(displayName, externalId, members).");
    }

    /**
     * The member changes of a PATCH that names every member it adds or removes, and its other operations.
     *
     * @param adds the ids that end up members, as sent
     * @param removes the ids that end up not members, lower-cased: a remove matches {@code value} ignoring case, as
     *        the SDK's filter evaluation does ({@link MultiValuedRun})
     * @param others the operations on {@code displayName} and {@code externalId}, in order
     */
    public record MemberDelta(Set<String> adds, Set<String> removes, List<PatchOperation> others) {

        /** How many users the change names. */
        public int size() {
            return adds.size() + removes.size();
        }
    }

    /**
     * The members a {@link #checkPatch checked} PATCH adds and removes, when each is named by its id: {@code add}
     * {@code members} with a value array (Okta, Entra), {@code remove} with {@code members[value eq "…"]} (Okta,
     * Entra with {@code aadOptscim062020}) or with a value array (Entra), docs/idp-contracts.md §2.22, §3.9–10. Such a
     * PATCH needs the link state of those users only, never the whole membership. The operations apply in order, so
     * each id ends as its last operation leaves it. Empty when an operation needs the current members: a replace of
     * {@code members}, a remove of all of them, another filter, or {@code members} inside a value without a path.
     *
     * @throws BadRequestException {@code invalidValue} for a member without a {@code value}, as {@link #memberIds}
     */
    public static Optional<MemberDelta> memberDelta(PatchRequest request) throws BadRequestException {
        // Keyed ignoring case, so "add X" then "remove x" leaves X out, as applying them one by one would.
        Map<String, String> added = new LinkedHashMap<>();
        Map<String, Boolean> last = new LinkedHashMap<>();
        List<PatchOperation> others = new ArrayList<>();
        for (PatchOperation op : request) {
            Path path = op.getPath();
            if (path == null || path.isRoot()) {
                if (op.getJsonNode() instanceof ObjectNode v && findCi(v, "members") != null) {
                    return Optional.empty();
                }
                others.add(op);
                continue;
            }
            if (!path.getElement(0).getAttribute().equalsIgnoreCase("members")) {
                others.add(op);
                continue;
            }
            Filter filter = path.getElement(0).getValueFilter();
            JsonNode value = op.getJsonNode();
            if (filter != null) {
                String id = MultiValuedRun.removedValue(filter);
                if (id == null || value != null) {
                    return Optional.empty();
                }
                last.put(id, false);
            } else if (op.getOpType() == PatchOpType.ADD && value != null) {
                for (String id : memberIds(value)) {
                    String key = id.toLowerCase(Locale.ROOT);
                    last.put(key, true);
                    added.put(key, id);
                }
            } else if (op.getOpType() == PatchOpType.REMOVE && value instanceof ArrayNode values
                    && !values.isEmpty()) {
                for (JsonNode item : values) {
                    JsonNode id = item.isObject() ? findCi(item, "value") : null;
                    if (id == null || !id.isTextual()) {
                        return Optional.empty();
                    }
                    last.put(id.asText().toLowerCase(Locale.ROOT), false);
                }
            } else {
                return Optional.empty();
            }
        }
        Set<String> adds = new LinkedHashSet<>();
        Set<String> removes = new LinkedHashSet<>();
        last.forEach((key, add) -> {
            if (add) {
                adds.add(added.get(key));
            } else {
                removes.add(key);
            }
        });
        return Optional.of(new MemberDelta(adds, removes, List.copyOf(others)));
    }

    /** The member ids of a {@code members} value: an array (or one object) of {@code {value, type?, $ref?}}. */
    public static Set<String> memberIds(JsonNode value) throws BadRequestException {
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

    /** The fields a create writes (the name twice for roles, whose DisplayName is what Ivanti shows). */
    public ObjectNode forCreate(ObjectNode fields) {
        ObjectNode out = fields.deepCopy();
        if (backend.extraCreateField() != null) {
            out.put(backend.extraCreateField(), fields.path(backend.nameField()).asText());
        }
        return out;
    }

    /** The field for {@code externalId}, if one is configured. */
    public Optional<String> externalIdField() {
        return externalIdField;
    }

    /** True when no team field holds {@code externalId}, so the bridge's store keeps it. */
    public boolean externalIdInStore() {
        return externalIdField.isEmpty();
    }

    /**
     * The OData {@code $filter} that selects a superset of the groups matching {@code filter} (see
     * {@link TeamFilterTranslator}); empty when nothing can be pushed down. {@code externalId eq} matches nothing.
     */
    public Optional<String> pushDown(Filter filter) {
        return pushDown(filter, externalId -> List.of());
    }

    /**
     * As {@link #pushDown(Filter)}, with {@code externalId eq} resolved by {@code storedGroupIds} (externalId → the
     * RecIds that carry it) when no team field holds it.
     */
    public Optional<String> pushDown(Filter filter, Function<String, List<String>> storedGroupIds) {
        return pushDown(filter, storedGroupIds, null);
    }

    /** As {@link #pushDown(Filter, Function)}, with one more comparison (a cursor's key) shaped in, or null. */
    public Optional<String> pushDown(Filter filter, Function<String, List<String>> storedGroupIds, String condition) {
        return new TeamFilterTranslator(backend.nameField(), externalIdField, storedGroupIds).translate(filter,
                condition);
    }

    /** True when evaluating or sorting by the filter reads {@code externalId}. */
    public static boolean readsExternalId(Filter filter) {
        return FilterPaths.reads(filter, GROUP_URN, "externalId");
    }

    /**
     * True when evaluating the filter needs the members ({@code members[value eq "…"]}, {@code members.value}),
     * decided from its attribute paths: a value that merely contains the word "members" does not count.
     */
    public static boolean needsMembers(Filter filter) {
        return FilterPaths.reads(filter, GROUP_URN, "members");
    }

    /** The {@code members} path. */
    public static Path membersPath() {
        return Path.root().attribute("members");
    }

    private static Set<String> ciSet(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }

    private String usersBase(String groupsBase) {
        if (groupsBase == null) {
            return null;
        }
        int slash = groupsBase.lastIndexOf('/');
        return slash < 0 ? null : groupsBase.substring(0, slash) + "/Users";
    }

    /** The weak ETag of a team record, as {@code meta.version} carries it. */
    public String version(ObjectNode team) {
        return version(team, null);
    }

    /** The weak ETag of a team record and its stored externalId, so that changing either changes the version. */
    public String version(ObjectNode team, String storedExternalId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String f : selectFields) {
                digest.update((f + "=" + team.path(f).asText("") + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (externalIdInStore() && storedExternalId != null && !storedExternalId.isEmpty()) {
                digest.update(("externalId=" + storedExternalId + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "W/\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
