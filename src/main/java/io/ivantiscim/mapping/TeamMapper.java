package io.ivantiscim.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.OrFilter;

import io.ivantiscim.config.BridgeConfig;

/**
 * Converts between an Ivanti team (StandardUserTeam) or role (Frs_def_role) and the SCIM Group view (RFC 7643 §4.2):
 * {@code id} ⇄ RecId, {@code displayName} ⇄ the name field ({@code Team} or {@code Name}), {@code externalId} ⇄ a
 * configurable field, {@code members} ⇄ the Employee relationship, {@code meta} from the record's dates. Also pushes
 * the simple group filters down to OData, as {@link ODataFilterTranslator} does for users: the pushed query returns a
 * superset and the bridge re-checks every group.
 */
@ApplicationScoped
public class TeamMapper {

    /** RFC 7643 §4.2 core Group schema. */
    public static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";

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
        ObjectNode group = EmployeeMapper.MAPPER.createObjectNode();
        group.putArray("schemas").add(GROUP_URN);
        String id = team.path("RecId").asText();
        group.put("id", id);
        externalIdField.map(f -> team.path(f).asText("")).filter(v -> !v.isEmpty())
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
        meta.put("version", etag(team));
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
        JsonNode externalId = group.getObjectNode().get("externalId");
        if (externalId != null && !externalId.isNull() && !externalId.isTextual()) {
            throw BadRequestException.invalidValue("Attribute 'externalId' must be a string");
        }
        externalIdField.ifPresent(f -> fields.put(f, externalId == null || externalId.isNull()
                ? ""
                : externalId.asText()));
        return fields;
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

    /**
     * The OData {@code $filter} that selects a superset of the groups matching {@code filter}: {@code id},
     * {@code displayName} (Ivanti's eq is case-insensitive, as displayName is) and {@code externalId} equality,
     * combined with {@code and}/{@code or}. Empty when nothing can be pushed down (then every group is read and
     * checked). {@code externalId eq} without a configured field can match nothing: answered as {@code RecId eq ''}.
     */
    public Optional<String> pushDown(Filter filter) {
        if (filter instanceof EqualFilter eq && eq.getAttributePath().size() == 1
                && eq.getAttributePath().getElement(0).getValueFilter() == null
                && eq.getComparisonValue() != null && eq.getComparisonValue().isTextual()) {
            String attr = eq.getAttributePath().getElement(0).getAttribute().toLowerCase(Locale.ROOT);
            String urn = eq.getAttributePath().getSchemaUrn();
            if (urn != null && !urn.equalsIgnoreCase(GROUP_URN)) {
                return Optional.empty();
            }
            String literal = ODataFilterTranslator.quote(eq.getComparisonValue().asText());
            return switch (attr) {
                case "id" -> Optional.of("RecId eq " + literal);
                case "displayname" -> Optional.of(backend.nameField() + " eq " + literal);
                case "externalid" -> Optional.of(externalIdField.map(f -> f + " eq " + literal).orElse("RecId eq ''"));
                default -> Optional.empty();
            };
        }
        if (filter instanceof AndFilter and) {
            List<String> parts = new ArrayList<>();
            for (Filter child : and.getCombinedFilters()) {
                // Dropping a conjunct only widens the result: still a superset.
                pushDown(child).ifPresent(p -> parts.add("(" + p + ")"));
            }
            return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", parts));
        }
        if (filter instanceof OrFilter or) {
            List<String> parts = new ArrayList<>();
            for (Filter child : or.getCombinedFilters()) {
                Optional<String> p = pushDown(child);
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                parts.add("(" + p.get() + ")");
            }
            return parts.size() > ODataFilterTranslator.MAX_TERMS
                    ? Optional.empty()
                    : Optional.of(String.join(" or ", parts));
        }
        return Optional.empty();
    }

    /** True when the filter needs the members to be evaluated ({@code members[value eq "…"]}, {@code members.value}). */
    public static boolean needsMembers(Filter filter) {
        return filter != null && filter.toString().toLowerCase(Locale.ROOT).contains("members");
    }

    /** The {@code members} path. */
    public static Path membersPath() {
        return Path.root().attribute("members");
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
        return etag(team);
    }

    private String etag(ObjectNode team) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String f : selectFields) {
                digest.update((f + "=" + team.path(f).asText("") + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "W/\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
