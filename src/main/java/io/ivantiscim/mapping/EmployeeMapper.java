package io.ivantiscim.mapping;

import java.beans.IntrospectionException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.CaseIgnoreObjectNode;
import com.unboundid.scim2.common.utils.SchemaUtils;

import io.ivantiscim.config.BridgeConfig;

/**
 * Converts between Ivanti Employee JSON and the SCIM User view, following the {@link UserMapping} rules.
 * <p>
 * Just over 500 lines: both directions and the one diff ({@link #changes}) stay together because they must agree
 * rule by rule; reading and type-checking inbound values lives in {@link InboundValues}.
 */
@Singleton
public class EmployeeMapper {

    private static final ObjectMapper MAPPER = ScimMapper.MAPPER;

    private static final Set<String> COMMON_ATTRIBUTES = ciSet(List.of("id", "externalId", "meta", "schemas"));
    private static final Set<String> CORE_ATTRIBUTES = schemaAttributes(UserResource.class);
    private static final Set<String> ENTERPRISE_ATTRIBUTES = schemaAttributes(EnterpriseUserExtension.class);
    // Ivanti returns this for dates that were never set (docs/ivanti-api.md §2.4).
    private static final Instant UNSET_BEFORE = Instant.parse("0002-01-01T00:00:00Z");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();
    /** Cloned per ETag: {@link MessageDigest#getInstance} looks the provider up on every call. */
    private static final MessageDigest SHA_256 = newSha256();

    private final UserMapping mapping;
    private final ZoneId tenantZone;

    /** CDI constructor. */
    @Inject
    public EmployeeMapper(UserMapping mapping, BridgeConfig config) {
        this(mapping, config.ivanti().timeZone());
    }

    private EmployeeMapper(UserMapping mapping, ZoneId tenantZone) {
        this.mapping = mapping;
        this.tenantZone = tenantZone;
    }

    /** Builds a mapper without CDI; {@code tenantZone} is the zone of Ivanti dates that carry no offset. */
    public static EmployeeMapper of(UserMapping mapping, ZoneId tenantZone) {
        return new EmployeeMapper(mapping, tenantZone);
    }

    /** The rules this mapper follows. */
    public UserMapping mapping() {
        return mapping;
    }

    // ---------------------------------------------------------------------------------------------- Ivanti → SCIM

    /**
     * Builds the SCIM User view of an Employee as Ivanti returns it. Absent, {@code null}, empty and Ivanti's unset date
     * values are left out (RFC 7643 §2.5: unassigned attributes are omitted); there is never a password.
     *
     * @param employee the Employee JSON (at least the {@link UserMapping#selectFields()})
     * @param locationBase the public URL of {@code /Users}, without a trailing slash
     */
    public GenericScimResource toUser(ObjectNode employee, String locationBase) {
        ObjectNode user = MAPPER.createObjectNode();
        ArrayNode schemas = user.putArray("schemas");
        schemas.add(UserMapping.CORE_URN);
        ObjectNode meta = MAPPER.createObjectNode();
        meta.put("resourceType", "User");
        for (AttributeRule rule : mapping.rules()) {
            JsonNode value = fromIvanti(rule, field(employee, rule.field()));
            if (value == null) {
                continue;
            }
            if (rule.urnKey().isEmpty() && rule.attribute().equalsIgnoreCase("meta")) {
                meta.set(rule.subAttribute(), value);
            } else {
                put(user, rule, value);
            }
        }
        deriveFormattedName(user);
        markPrimary(user);
        for (String urn : List.of(UserMapping.ENTERPRISE_URN, UserMapping.IVANTI_URN)) {
            JsonNode ext = user.get(urn);
            if (ext != null && ext.size() > 0) {
                schemas.add(urn);
            }
        }
        JsonNode id = user.get("id");
        if (id != null && locationBase != null) {
            meta.put("location", locationBase + "/" + id.asText());
        }
        meta.put("version", etag(employee));
        user.set("meta", meta);
        return new GenericScimResource(user);
    }

    private JsonNode fromIvanti(AttributeRule rule, JsonNode raw) {
        if (rule.type() == FieldType.STATUS) {
            // Read side of active: any case of the configured active value (docs/ivanti-api.md §8.3: Ivanti is case-blind).
            return BooleanNode
                    .valueOf(raw != null && raw.isTextual() && raw.asText().equalsIgnoreCase(mapping.activeValue()));
        }
        if (raw == null || raw.isNull() || raw.isMissingNode() || raw.isContainerNode()) {
            return null;
        }
        switch (rule.type()) {
            case BOOLEAN :
                if (raw.isBoolean()) {
                    return raw;
                }
                String b = raw.asText();
                return b.equalsIgnoreCase("true")
                        ? BooleanNode.TRUE
                        : b.equalsIgnoreCase("false") ? BooleanNode.FALSE : null;
            case INTEGER :
                if (raw.isIntegralNumber()) {
                    return LongNode.valueOf(raw.longValue());
                }
                return INTEGER.matcher(raw.asText().trim()).matches()
                        ? LongNode.valueOf(Long.parseLong(raw.asText().trim()))
                        : null;
            case DECIMAL :
                try {
                    // Ivanti sends money as strings ("0.0000", docs/ivanti-api.md §2.3).
                    return DecimalNode
                            .valueOf(raw.isNumber() ? raw.decimalValue() : new BigDecimal(raw.asText().trim()));
                } catch (NumberFormatException e) {
                    return null;
                }
            case DATETIME :
                return ivantiInstant(raw.asText()).map(i -> (JsonNode) TextNode.valueOf(IsoDates.format(i)))
                        .orElse(null);
            default :
                String s = raw.asText();
                return s.isEmpty() ? null : TextNode.valueOf(s);
        }
    }

    /**
     * Parses an Ivanti date: {@code Z}, {@code +05:30} or no offset (then the tenant's zone applies,
     * docs/ivanti-api.md §2.4/§8.14). Empty for unset ({@code 0001-01-01T00:00:00Z}) and unparseable values.
     */
    Optional<Instant> ivantiInstant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        // The plain shapes Ivanti sends are read without DateTimeFormatter (IsoDates, issue 14); for anything else a
        // text parses in at most one of the three forms, so trying first the one its shape suggests answers as
        // trying them in a fixed order does, without a DateTimeParseException per field of every read.
        Instant instant = text.length() == 10 ? IsoDates.parseDate(text, tenantZone) : IsoDates.parse(text, tenantZone);
        int guess = text.indexOf('T') < 0 ? 2 : hasOffset(text) ? 0 : 1;
        if (instant == null) {
            instant = parseDate(text, guess);
        }
        for (int form = 0; instant == null && form < 3; form++) {
            if (form != guess) {
                instant = parseDate(text, form);
            }
        }
        return instant == null || instant.isBefore(UNSET_BEFORE) ? Optional.empty() : Optional.of(instant);
    }

    /** {@code 0}: with an offset; {@code 1}: a local date-time (tenant zone); {@code 2}: a date. Null if it fails. */
    private Instant parseDate(String text, int form) {
        try {
            return switch (form) {
                case 0 -> OffsetDateTime.parse(text).toInstant();
                case 1 -> LocalDateTime.parse(text).atZone(tenantZone).toInstant();
                default -> LocalDate.parse(text).atStartOfDay(tenantZone).toInstant();
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean hasOffset(String text) {
        char last = text.charAt(text.length() - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        int t = text.indexOf('T');
        return text.indexOf('+', t) > 0 || text.indexOf('-', t) > 0;
    }

    private static void put(ObjectNode user, AttributeRule rule, JsonNode value) {
        ObjectNode container = rule.urnKey().isEmpty() ? user : child(user, rule.scimPath().getSchemaUrn());
        String attr = rule.attribute();
        if (rule.subAttribute() == null) {
            container.set(attr, value);
        } else if (rule.typeValue() == null) {
            child(container, attr).set(rule.subAttribute(), value);
        } else {
            JsonNode existing = container.get(attr);
            ArrayNode array = existing instanceof ArrayNode a ? a : container.putArray(attr);
            ObjectNode element = null;
            for (JsonNode e : array) {
                if (e.path("type").asText().equalsIgnoreCase(rule.typeValue())) {
                    element = (ObjectNode) e;
                }
            }
            if (element == null) {
                element = array.addObject();
                element.put("type", rule.typeValue());
            }
            element.set(rule.subAttribute(), value);
        }
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        JsonNode c = parent.get(name);
        return c instanceof ObjectNode o ? o : parent.putObject(name);
    }

    /** RFC 7643 §4.1.1 name.formatted: read-only here, derived as "given middle family". */
    private static void deriveFormattedName(ObjectNode user) {
        JsonNode name = user.get("name");
        if (!(name instanceof ObjectNode n)) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (String p : List.of("givenName", "middleName", "familyName")) {
            if (n.hasNonNull(p)) {
                parts.add(n.get(p).asText());
            }
        }
        if (!parts.isEmpty()) {
            n.put("formatted", String.join(" ", parts));
        }
    }

    /**
     * Okta requires exactly one {@code primary:true} per multi-valued attribute (docs/idp-contracts.md §2.8; RFC 7643
     * §2.4): the "work" value, else the first.
     */
    private static void markPrimary(ObjectNode user) {
        for (Iterator<JsonNode> it = user.elements(); it.hasNext();) {
            JsonNode v = it.next();
            if (v instanceof ArrayNode array && array.size() > 0 && array.get(0).isObject()) {
                ObjectNode chosen = (ObjectNode) array.get(0);
                for (JsonNode e : array) {
                    if (e.path("type").asText().equalsIgnoreCase("work")) {
                        chosen = (ObjectNode) e;
                        break;
                    }
                }
                chosen.put("primary", true);
            }
        }
    }

    /**
     * A field of an Employee as Ivanti answered it, its name matched case-insensitively (Ivanti's field names are,
     * docs/ivanti-api.md §8.3); the exact spelling, which is what Ivanti answers, is tried first.
     */
    static JsonNode field(ObjectNode employee, String name) {
        JsonNode exact = employee.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : employee.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The {@code meta.version} {@link #toUser} gives the Employee, without building the view. */
    public String version(ObjectNode employee) {
        return etag(employee);
    }

    /** A weak ETag over every selected field's value, so any mapped change changes it (RFC 7644 §3.14). */
    private String etag(ObjectNode employee) {
        StringBuilder text = new StringBuilder(2048);
        for (String f : mapping.selectFields()) {
            text.append(f).append('=');
            appendJson(text, field(employee, f));
            text.append('\n');
        }
        MessageDigest digest = sha256();
        return "W/\"" + HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)), 0, 16)
                + "\"";
    }

    /**
     * A value as {@link JsonNode#toString()} writes it (what the ETag has always hashed), without a JSON generator per
     * value: strings quoted with Jackson's own escaping, scalars as their text; anything else through Jackson.
     */
    static void appendJson(StringBuilder out, JsonNode value) {
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            out.append('"');
            JSON_STRINGS.quoteAsString(value.textValue(), out);
            out.append('"');
        } else if (value.isBoolean() || value.isNull() || value.isIntegralNumber() && value.canConvertToLong()) {
            out.append(value.asText());
        } else {
            out.append(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e2) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- SCIM → Ivanti

    /**
     * The Employee fields a POST ({@code replace=false}) or PUT ({@code replace=true}) body writes.
     * <p>
     * Read-only and unmapped RFC 7643 attributes ({@code id}, {@code meta}, {@code groups}, {@code password},
     * {@code roles}, {@code locale}, {@code name.formatted}, …) are dropped. On PUT every writable mapped field that is
     * absent is cleared (RFC 7644 §3.5.1), except {@code active}, which keeps its value: clearing Status would make the
     * employee neither active nor inactive.
     *
     * @throws BadRequestException {@code invalidValue} for a missing required attribute or a value of the wrong JSON
     *         type; {@code invalidSyntax} for an unknown schema URN or an attribute no schema defines
     */
    public ObjectNode toEmployee(GenericScimResource user, boolean replace) throws ScimException {
        ObjectNode in = prepare(user.getObjectNode(), true);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (AttributeRule rule : mapping.rules()) {
            if (!rule.writable()) {
                continue;
            }
            JsonNode value = InboundValues.extract(in, rule);
            if (rule.required() && value == null) {
                throw BadRequestException.invalidValue("Attribute '" + rule.pathText()
                        + "' is required and must be a non-empty value (Ivanti field " + rule.field() + ")");
            }
            if (value == null) {
                if (rule.type() == FieldType.STATUS) {
                    if (!replace) {
                        // RFC 7643 §4.1.1 leaves a new user's active state to the provider: a POST without it is active.
                        out.setAll(ivantiFields(rule, BooleanNode.TRUE));
                    }
                } else if (replace) {
                    out.setAll(ivantiFields(rule, null));
                }
                continue;
            }
            out.setAll(ivantiFields(rule, value));
        }
        return out;
    }

    /**
     * For PATCH: the Employee fields of the rules whose SCIM value the PATCH changed, compared in SCIM terms between
     * the current view and the patched one (so the current view is never converted back to Employee fields); what is
     * finally written is {@link #changes(ObjectNode, ObjectNode)} of these, as for PUT. Paths no rule maps (Entra's
     * {@code emails[type eq "other"].value}, {@code phoneNumbers[type eq "fax"].value}, …) are ignored. Removing
     * {@code active} is ignored too (there is no "neither" state).
     *
     * @throws BadRequestException {@code mutability} when a read-only mapped attribute ({@code id}, {@code meta.*},
     *         {@code manager.displayName}, the Ivanti {@code status}) gets a different value; {@code invalidValue} for
     *         a value of the wrong type
     */
    public ObjectNode patchedFields(GenericScimResource before, GenericScimResource after) throws ScimException {
        ObjectNode b = prepare(before.getObjectNode(), false);
        ObjectNode a = prepare(after.getObjectNode(), false);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Set<String> changedAttributes = new HashSet<>();
        for (AttributeRule rule : mapping.rules()) {
            if (!rule.writable()) {
                continue;
            }
            JsonNode va = InboundValues.extract(a, rule);
            if (va == null && rule.type() == FieldType.STATUS) {
                continue;
            }
            if (!Objects.equals(va, InboundValues.extract(b, rule))) {
                out.setAll(ivantiFields(rule, va));
                changedAttributes.add(rule.urnKey() + "|" + rule.attribute().toLowerCase(Locale.ROOT));
            }
        }
        for (AttributeRule rule : mapping.rules()) {
            if (rule.writable()) {
                continue;
            }
            JsonNode va = InboundValues.extract(a, rule);
            // A read-only sub-attribute replaced together with its writable sibling (manager.displayName with
            // manager.value) is stale, not an attempt to write it.
            if (va != null && !va.equals(InboundValues.extract(b, rule))
                    && !changedAttributes.contains(rule.urnKey() + "|" + rule.attribute().toLowerCase(Locale.ROOT))) {
                throw BadRequestException.mutability("Attribute '" + rule.pathText() + "' is read-only");
            }
        }
        return out;
    }

    /**
     * Type-checks every mapped value of a PATCH's {@link PatchEngine#dryRun dry run}, so a wrong-typed value is refused
     * before Ivanti is read (issue 15 item 8).
     *
     * @throws BadRequestException {@code invalidValue} for a value of the wrong type
     */
    public void checkValues(GenericScimResource dryRun) throws ScimException {
        ObjectNode a = prepare(dryRun.getObjectNode(), false);
        for (AttributeRule rule : mapping.rules()) {
            if (rule.writable()) {
                InboundValues.extract(a, rule);
            }
        }
    }

    /**
     * The one diff of the bridge, for PUT and PATCH alike: the fields of {@code wanted} whose value differs from the
     * stored Employee, compared as Ivanti holds them (a missing or null field is empty).
     */
    public static ObjectNode changes(ObjectNode employee, ObjectNode wanted) {
        ObjectNode changes = wanted.objectNode();
        wanted.properties().forEach(e -> {
            JsonNode stored = employee.get(e.getKey());
            String storedText = stored == null || stored.isNull() ? "" : stored.asText();
            String wantedText = e.getValue().isNull() ? "" : e.getValue().asText();
            if (!storedText.equals(wantedText)) {
                changes.set(e.getKey(), e.getValue());
            }
        });
        return changes;
    }

    /** The manager value a write sets (the first REFERENCE field), so the caller can resolve it to a RecId. */
    public Optional<String> managerId(ObjectNode changesOrEmployee) {
        for (AttributeRule rule : mapping.rules()) {
            if (rule.type() == FieldType.REFERENCE) {
                JsonNode v = changesOrEmployee.get(rule.field());
                if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                    return Optional.of(v.asText());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Points the manager reference a write carries at {@code recId}, or, for {@code null}, clears it (an update) or
     * leaves it out ({@code omit}, a create): what the IdP sent may be an employee number or login, resolved first.
     */
    public void setManager(ObjectNode fields, String recId, boolean omit) {
        for (AttributeRule rule : mapping.rules()) {
            if (rule.type() == FieldType.REFERENCE && fields.has(rule.field())) {
                if (recId == null && omit) {
                    fields.remove(List.of(rule.field(), UserMapping.categoryField(rule)));
                } else {
                    fields.setAll(ivantiFields(rule, recId == null ? null : TextNode.valueOf(recId)));
                }
                return;
            }
        }
    }

    /** The Employee fields one rule writes for a SCIM value ({@code null} = cleared). */
    private ObjectNode ivantiFields(AttributeRule rule, JsonNode value) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        switch (rule.type()) {
            case STATUS -> {
                boolean active = value != null && value.booleanValue();
                out.put(rule.field(), active ? mapping.activeValue() : mapping.inactiveValue());
                if (mapping.alsoDisabled()) {
                    out.put("Disabled", !active);
                }
            }
            case REFERENCE -> {
                out.set(rule.field(), value == null ? NullNode.getInstance() : value);
                // Ivanti links are triples X, X_RecID, X_Category (docs/ivanti-api.md §2.3); the category names the BO.
                out.set(UserMapping.categoryField(rule),
                        value == null ? NullNode.getInstance() : TextNode.valueOf("Employee"));
            }
            case STRING -> out.set(rule.field(), value == null ? TextNode.valueOf("") : value);
            case BOOLEAN -> out.set(rule.field(), value == null ? BooleanNode.FALSE : value);
            default -> out.set(rule.field(), value == null ? NullNode.getInstance() : value);
        }
        return out;
    }

    /**
     * A case-insensitive copy of an inbound resource with nulls removed (Entra's sloppy examples send them, RFC 7643
     * §2.5 treats null as unassigned), schema-qualified keys folded into place (RFC 7644 §3.10) and, when
     * {@code strict}, the schema URNs and attribute names checked.
     */
    private ObjectNode prepare(ObjectNode source, boolean strict) throws BadRequestException {
        // The copy is only there to take the nulls out, and to match names case-insensitively: a case-ignoring
        // resource without nulls (every view the bridge builds, most bodies) is read as it is, since nothing below
        // changes what it reads (issue 14: a deep copy per view, two per PATCH).
        ObjectNode src = source instanceof CaseIgnoreObjectNode && !InboundValues.hasNull(source)
                ? source
                : ScimMapper.copy(source);
        InboundValues.removeNulls(src);
        InboundValues.checkPrimary(src);
        if (strict) {
            InboundValues.checkSchemas(src.get("schemas"), mapping);
        }
        ObjectNode out = MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : src.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("urn:")) {
                topLevel(out, key, value, strict);
            } else if (lower.equals(UserMapping.CORE_URN.toLowerCase(Locale.ROOT))) {
                for (Map.Entry<String, JsonNode> ce : InboundValues.objectValue(key, value).properties()) {
                    topLevel(out, ce.getKey(), ce.getValue(), strict);
                }
            } else if (lower.startsWith(UserMapping.CORE_URN.toLowerCase(Locale.ROOT) + ":")) {
                topLevel(out, key.substring(UserMapping.CORE_URN.length() + 1), value, strict);
            } else if (!extension(out, key, value, strict)) {
                unknown(key, strict);
            }
        }
        return out;
    }

    private void topLevel(ObjectNode out, String key, JsonNode value, boolean strict) throws BadRequestException {
        if (COMMON_ATTRIBUTES.contains(key) || CORE_ATTRIBUTES.contains(key)) {
            out.set(key, value);
        } else {
            unknown(key, strict);
        }
    }

    /** Folds an extension object or a schema-qualified extension attribute into {@code out}; false if unknown. */
    private boolean extension(ObjectNode out, String key, JsonNode value, boolean strict) throws BadRequestException {
        for (String urn : List.of(UserMapping.ENTERPRISE_URN, UserMapping.IVANTI_URN)) {
            Set<String> known = urn.equals(UserMapping.ENTERPRISE_URN)
                    ? ENTERPRISE_ATTRIBUTES
                    : mapping.ivantiAttributeNames();
            if (key.equalsIgnoreCase(urn)) {
                ObjectNode target = child(out, urn);
                for (Map.Entry<String, JsonNode> ce : InboundValues.objectValue(key, value).properties()) {
                    if (known.contains(ce.getKey())) {
                        target.set(ce.getKey(), ce.getValue());
                    } else {
                        unknown(urn + ":" + ce.getKey(), strict);
                    }
                }
                return true;
            }
            if (key.toLowerCase(Locale.ROOT).startsWith(urn.toLowerCase(Locale.ROOT) + ":")) {
                String rest = key.substring(urn.length() + 1);
                int dot = rest.indexOf('.');
                String attr = dot < 0 ? rest : rest.substring(0, dot);
                if (!known.contains(attr)) {
                    unknown(key, strict);
                    return true;
                }
                ObjectNode target = child(out, urn);
                if (dot < 0) {
                    target.set(attr, value);
                } else {
                    child(target, attr).set(rest.substring(dot + 1), value);
                }
                return true;
            }
        }
        return false;
    }

    private void unknown(String attribute, boolean strict) throws BadRequestException {
        if (strict && mapping.rejectUnknownAttributes()) {
            throw BadRequestException.invalidSyntax("Attribute '" + attribute
                    + "' is not defined by the User, EnterpriseUser or Ivanti schemas; remove it from the IdP's"
                    + " attribute mapping or set bridge.mapping.user.unknown-attributes=ignore");
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Set<String> ciSet(List<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }

    private static Set<String> schemaAttributes(Class<?> type) {
        try {
            List<String> names = new ArrayList<>();
            for (AttributeDefinition d : SchemaUtils.getSchema(type).getAttributes()) {
                names.add(d.getName());
            }
            return ciSet(names);
        } catch (IntrospectionException e) {
            throw new IllegalStateException("Cannot read the SDK's RFC 7643 schema for " + type.getSimpleName(), e);
        }
    }
}
