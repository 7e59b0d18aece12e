package io.ivantiscim.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.config.MappingConfig;
import io.quarkus.runtime.Startup;

/**
 * The User rule table: the built-in (or operator-supplied) JSON rules plus custom attributes from configuration,
 * validated once at start-up. A bad rule fails start-up with a message naming the property or file and the rule.
 * <p>
 * Just over 500 lines because it is the one source of what a User is: loading, validating and answering questions
 * about the rules (schema URNs, required and returned attributes) that discovery, validation and mapping all ask.
 */
@Singleton
@Startup // built eagerly, so a bad rule fails start-up rather than the first request
public class UserMapping {

    /** RFC 7643 §4.1 core User schema. */
    public static final String CORE_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    /** RFC 7643 §4.3 enterprise User extension. */
    public static final String ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** The bridge's Ivanti extension (scim-schemas/IvantiUser.json). */
    public static final String IVANTI_URN = "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User";

    static final String DEFAULT_RULES = "mapping/user.json";
    static final String EXTERNAL_ID_PLACEHOLDER = "${external-id-field}";

    /** Fields every read selects in addition to the mapped ones. */
    private static final List<String> ALWAYS_SELECTED = List.of("RecId", "CreatedDateTime", "LastModDateTime",
            "Status", "ManagerLink");
    // Field names end up in $select/$orderby and in write bodies: allow nothing that could alter a URL or query.
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
    // RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar).
    private static final Pattern ATTR_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private static final Set<String> RULE_KEYS = Set.of("path", "field", "type", "filterable", "writable",
            "required", "caseExact", "returned", "uniqueness", "computed");
    private static final Set<String> RETURNED = Set.of("always", "default", "request", "never");
    private static final Set<String> UNIQUENESS = Set.of("none", "server", "global");

    private final List<AttributeRule> rules;
    private final List<AttributeRule> customRules;
    private final Map<String, String> customDescriptions;
    private final Settings settings;
    private final List<String> selectFields;
    // Read on every inbound User (schemas check, extension keys): derived from the rules once (issue 14).
    private final List<String> extensionUrns;
    private final List<String> knownSchemaUrns;
    private final Set<String> ivantiAttributeNames;

    /** Plain settings, so the mapping can be built without CDI (tests, tools). */
    public record Settings(String rulesJson, String rulesSource, String externalIdField, String activeValue,
            String inactiveValue, boolean alsoDisabled, boolean rejectUnknown, Map<String, CustomAttribute> custom) {

        /** The built-in rule table with every default. */
        public static Settings defaults() {
            return new Settings(readClasspath(DEFAULT_RULES), "classpath:" + DEFAULT_RULES, "IdentityId", "Active",
                    "Inactive", false, true, Map.of());
        }

        /** A copy with other custom attributes. */
        public Settings withCustom(Map<String, CustomAttribute> newCustom) {
            return new Settings(rulesJson, rulesSource, externalIdField, activeValue, inactiveValue, alsoDisabled,
                    rejectUnknown, newCustom);
        }

        /** A copy with another {@code also-disabled} / {@code unknown-attributes} setting. */
        public Settings withFlags(boolean newAlsoDisabled, boolean newRejectUnknown) {
            return new Settings(rulesJson, rulesSource, externalIdField, activeValue, inactiveValue, newAlsoDisabled,
                    newRejectUnknown, custom);
        }

        /** A copy with another rule table. */
        public Settings withRules(String json, String source) {
            return new Settings(json, source, externalIdField, activeValue, inactiveValue, alsoDisabled, rejectUnknown,
                    custom);
        }
    }

    /** One {@code bridge.mapping.user.custom.<name>} entry. */
    public record CustomAttribute(String field, String type, Optional<String> description, boolean filterable,
            boolean writable) {
    }

    /** CDI constructor: reads {@code bridge.mapping.user.*}. */
    @Inject
    public UserMapping(BridgeConfig config) {
        this(fromConfig(config.mapping().user()));
    }

    private UserMapping(Settings settings) {
        this.settings = settings;
        List<AttributeRule> all = new ArrayList<>(parseRules(settings));
        Map<String, String> descriptions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<AttributeRule> custom = new ArrayList<>();
        for (var e : new TreeMap<>(settings.custom()).entrySet()) {
            custom.add(customRule(e.getKey(), e.getValue()));
            e.getValue().description().ifPresent(d -> descriptions.put(e.getKey(), d));
        }
        all.addAll(custom);
        validate(all, settings);
        this.rules = List.copyOf(all);
        this.customRules = List.copyOf(custom);
        this.customDescriptions = Collections.unmodifiableMap(descriptions);
        Set<String> select = new LinkedHashSet<>();
        rules.forEach(r -> select.add(r.field()));
        select.addAll(ALWAYS_SELECTED);
        this.selectFields = List.copyOf(select);
        this.extensionUrns = List.of(ENTERPRISE_URN, IVANTI_URN).stream()
                .filter(urn -> rules.stream().anyMatch(r -> r.urnKey().equals(urn.toLowerCase(Locale.ROOT))))
                .toList();
        Set<String> urns = new LinkedHashSet<>(List.of(CORE_URN, ENTERPRISE_URN));
        urns.addAll(extensionUrns);
        this.knownSchemaUrns = List.copyOf(urns);
        Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        rules.stream().filter(r -> r.urnKey().equals(IVANTI_URN.toLowerCase(Locale.ROOT)))
                .forEach(r -> names.add(r.attribute()));
        this.ivantiAttributeNames = Collections.unmodifiableSet(names);
    }

    /** Builds the mapping from plain settings, without CDI. */
    public static UserMapping of(Settings settings) {
        return new UserMapping(settings);
    }

    /** Every rule: the table's, then the custom ones. */
    public List<AttributeRule> rules() {
        return rules;
    }

    /** The custom attributes' rules (for {@code /Schemas}; all on {@link #IVANTI_URN}). */
    public List<AttributeRule> customRules() {
        return customRules;
    }

    /** The configured description of a custom attribute. */
    public Optional<String> customDescription(String name) {
        return Optional.ofNullable(customDescriptions.get(name));
    }

    /** Status value meaning {@code active:true}. */
    public String activeValue() {
        return settings.activeValue();
    }

    /** The Employee field {@code active} is read from and written to ({@code Status} in the default mapping). */
    public String statusField() {
        return rules.stream().filter(r -> r.type() == FieldType.STATUS).map(AttributeRule::field).findFirst()
                .orElse("Status");
    }

    /** Status value written for {@code active:false}. */
    public String inactiveValue() {
        return settings.inactiveValue();
    }

    /** Whether {@code active} also writes {@code Disabled}. */
    public boolean alsoDisabled() {
        return settings.alsoDisabled();
    }

    /** Whether inbound attributes that no schema defines are rejected (else dropped). */
    public boolean rejectUnknownAttributes() {
        return settings.rejectUnknown();
    }

    /** Every Employee field a read needs, for {@code $select} (the bridge always sends one, docs/ivanti-api.md §2.2). */
    public List<String> selectFields() {
        return selectFields;
    }

    /**
     * The Employee field for {@code $orderby} of a SCIM {@code sortBy} (RFC 7644 §3.4.2.3), or empty when the
     * attribute cannot be sorted in Ivanti (unknown, not filterable, {@code active}, booleans).
     */
    public Optional<String> sortField(com.unboundid.scim2.common.Path scimPath) {
        List<AttributeRule> matches = resolve(scimPath);
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        // For a multi-valued attribute RFC 7644 §3.4.2.3 sorts by the primary value: ours is the "work" one.
        AttributeRule rule = matches.stream().filter(r -> "work".equalsIgnoreCase(r.typeValue())).findFirst()
                .orElse(matches.get(0));
        if (!rule.filterable() || rule.type() == FieldType.STATUS || rule.type() == FieldType.BOOLEAN) {
            return Optional.empty();
        }
        return Optional.of(rule.field());
    }

    /**
     * The rules a filter or sort path designates, matching names and schema URNs case-insensitively (RFC 7643 §2.1).
     * {@code emails} alone means {@code emails.value} (RFC 7644 §3.4.2.2); {@code emails[type eq "work"].value}
     * narrows to the rule with that type. Empty when nothing maps the path.
     */
    List<AttributeRule> resolve(com.unboundid.scim2.common.Path path) {
        if (path == null || path.isRoot()) {
            return List.of();
        }
        String urnKey = AttributeRule.urnKey(path.getSchemaUrn());
        String attr = path.getElement(0).getAttribute();
        String sub = path.size() > 1 ? path.getElement(1).getAttribute() : null;
        String type = null;
        Filter f = path.getElement(0).getValueFilter();
        if (f != null) {
            if (!(f instanceof EqualFilter) || !"type".equalsIgnoreCase(f.getAttributePath().toString())
                    || !f.getComparisonValue().isTextual()) {
                return List.of();
            }
            type = f.getComparisonValue().asText();
        }
        if (path.size() > 2) {
            return List.of();
        }
        return resolve(urnKey, attr, sub, type);
    }

    /**
     * The rules for a schema ({@code ""} = core, else the lower-cased URN), attribute, optional sub-attribute and
     * optional {@code type} value.
     */
    List<AttributeRule> resolve(String urnKey, String attr, String sub, String type) {
        List<AttributeRule> found = match(urnKey, attr, sub, type);
        if (found.isEmpty() && urnKey.isEmpty()) {
            // Lenient: an unqualified extension attribute (Entra's sloppy examples put department at top level).
            for (String ext : List.of(ENTERPRISE_URN, IVANTI_URN)) {
                found = match(ext.toLowerCase(Locale.ROOT), attr, sub, type);
                if (!found.isEmpty()) {
                    break;
                }
            }
        }
        return found;
    }

    private List<AttributeRule> match(String urnKey, String attr, String sub, String type) {
        List<AttributeRule> exact = new ArrayList<>();
        List<AttributeRule> viaValue = new ArrayList<>();
        for (AttributeRule r : rules) {
            if (!r.urnKey().equals(urnKey) || !r.attribute().equalsIgnoreCase(attr)) {
                continue;
            }
            if (type != null && !type.equalsIgnoreCase(r.typeValue())) {
                continue;
            }
            String rs = r.subAttribute();
            if (sub == null ? rs == null : sub.equalsIgnoreCase(rs)) {
                exact.add(r);
            } else if (sub == null && "value".equalsIgnoreCase(rs)) {
                viaValue.add(r);
            }
        }
        return exact.isEmpty() ? viaValue : exact;
    }

    /**
     * The schema extensions the mapping stores at least one attribute of, in a stable order: what
     * {@code /ResourceTypes} lists and what a request may name in {@code schemas}.
     */
    public List<String> extensionUrns() {
        return extensionUrns;
    }

    /**
     * Whether a request may name the schema in {@code schemas}: the core User schema, the RFC 7643 §4.3 enterprise
     * extension (whose unmapped attributes are accepted and dropped like other RFC-defined ones) and every extension
     * the mapping stores.
     */
    public boolean knowsSchema(String urn) {
        for (String known : knownSchemaUrns) {
            if (known.equalsIgnoreCase(urn)) {
                return true;
            }
        }
        return false;
    }

    /** The schema URNs {@link #knowsSchema} accepts. */
    public List<String> knownSchemaUrns() {
        return knownSchemaUrns;
    }

    /** The Ivanti-extension attribute names the mapping knows (rules, custom attributes). */
    Set<String> ivantiAttributeNames() {
        return ivantiAttributeNames;
    }

    private static Settings fromConfig(MappingConfig.User user) {
        String json;
        String source;
        if (user.file().isPresent()) {
            source = user.file().get();
            try {
                json = Files.readString(Path.of(source), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "bridge.mapping.user.file: cannot read " + source + ": " + e.getMessage(),
                        e);
            }
        } else {
            source = "classpath:" + DEFAULT_RULES;
            json = readClasspath(DEFAULT_RULES);
        }
        Map<String, CustomAttribute> custom = new LinkedHashMap<>();
        user.custom().forEach((name, c) -> custom.put(name,
                new CustomAttribute(c.field(), c.type(), c.description(), c.filterable(), c.writable())));
        MappingConfig.Status status = user.status();
        return new Settings(json, source, user.externalIdField(), status.active(), status.inactive(),
                status.alsoDisabled(), user.unknownAttributes() == MappingConfig.UnknownAttributes.REJECT, custom);
    }

    static String readClasspath(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = UserMapping.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Mapping resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<AttributeRule> parseRules(Settings s) {
        String where = "bridge.mapping.user.file (" + s.rulesSource() + ")";
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(s.rulesJson());
        } catch (IOException e) {
            throw new IllegalStateException(
                    where + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalStateException(where + ": expected a JSON array of rules");
        }
        List<AttributeRule> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root) {
            String at = where + " rule #" + i++ + " " + n;
            if (!n.isObject()) {
                throw new IllegalStateException(at + ": a rule must be a JSON object");
            }
            for (var it = n.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!RULE_KEYS.contains(k)) {
                    throw new IllegalStateException(at + ": unknown key '" + k + "'");
                }
            }
            String field = text(n, "field", at);
            if (field.equals(EXTERNAL_ID_PLACEHOLDER)) {
                field = s.externalIdField();
                at = at + " (field from bridge.mapping.user.external-id-field)";
            }
            FieldType type;
            try {
                type = FieldType.valueOf(text(n, "type", at).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(at + ": unknown type '" + n.get("type").asText() + "'; expected one of "
                        + List.of(FieldType.values()), e);
            }
            AttributeRule rule = newRule(at, text(n, "path", at), field, type, bool(n, "filterable", true, at),
                    bool(n, "writable", true, at), bool(n, "required", false, at), bool(n, "caseExact", false, at));
            out.add(new AttributeRule(rule.scimPath(), rule.field(), rule.type(), rule.filterable(), rule.writable(),
                    rule.required(), rule.caseExact(), oneOf(n, "returned", "default", RETURNED, at),
                    oneOf(n, "uniqueness", "none", UNIQUENESS, at), bool(n, "computed", false, at)));
        }
        return out;
    }

    private static AttributeRule customRule(String name, CustomAttribute c) {
        String at = "bridge.mapping.user.custom." + name;
        if (!ATTR_NAME.matcher(name).matches()) {
            throw new IllegalStateException(at + ": '" + name + "' is not a valid SCIM attribute name (RFC 7643 §2.1)");
        }
        FieldType type = switch (c.type().toLowerCase(Locale.ROOT)) {
            case "string" -> FieldType.STRING;
            case "boolean" -> FieldType.BOOLEAN;
            case "integer" -> FieldType.INTEGER;
            case "decimal" -> FieldType.DECIMAL;
            case "datetime" -> FieldType.DATETIME;
            default -> throw new IllegalStateException(at + ".type: unknown type '" + c.type()
                    + "'; expected string, boolean, integer, decimal or dateTime");
        };
        return newRule(at, IVANTI_URN + ":" + name, c.field(), type, c.filterable(), c.writable(), false,
                type == FieldType.BOOLEAN);
    }

    private static AttributeRule newRule(String at, String pathText, String field, FieldType type, boolean filterable,
            boolean writable, boolean required, boolean caseExact) {
        if (field == null || !FIELD_NAME.matcher(field).matches()) {
            throw new IllegalStateException(at + ": field '" + field + "' is not a valid Employee field name");
        }
        com.unboundid.scim2.common.Path path;
        try {
            path = com.unboundid.scim2.common.Path.fromString(pathText);
        } catch (BadRequestException e) {
            throw new IllegalStateException(at + ": path '" + pathText + "' does not parse: " + e.getMessage(), e);
        }
        if (path.isRoot() || path.size() > 2) {
            throw new IllegalStateException(at + ": path '" + pathText
                    + "' must be attr, attr.sub or attr[type eq \"x\"].sub");
        }
        Filter f = path.getElement(0).getValueFilter();
        if (f != null && (!(f instanceof EqualFilter) || !"type".equalsIgnoreCase(f.getAttributePath().toString())
                || !f.getComparisonValue().isTextual() || path.size() != 2)) {
            throw new IllegalStateException(at + ": path '" + pathText
                    + "': the only value filter supported is [type eq \"x\"] followed by a sub-attribute");
        }
        if (path.size() > 1 && path.getElement(1).getValueFilter() != null) {
            throw new IllegalStateException(at + ": path '" + pathText + "': value filter on a sub-attribute");
        }
        String urn = path.getSchemaUrn();
        if (urn != null && !urn.equalsIgnoreCase(CORE_URN) && !urn.equalsIgnoreCase(ENTERPRISE_URN)
                && !urn.equalsIgnoreCase(IVANTI_URN)) {
            throw new IllegalStateException(at + ": path '" + pathText + "' uses an unknown schema " + urn);
        }
        // RFC 7643 §4.1.1: password is writeOnly and never returned; the bridge never maps it.
        if (path.getElement(0).getAttribute().equalsIgnoreCase("password")) {
            throw new IllegalStateException(at + ": password cannot be mapped");
        }
        if (type == FieldType.REFERENCE && !field.endsWith("_RecID")) {
            throw new IllegalStateException(at + ": a REFERENCE field must be a link's X_RecID field");
        }
        return new AttributeRule(path, field, type, filterable, writable, required, caseExact, "default", "none",
                false);
    }

    private static void validate(List<AttributeRule> all, Settings s) {
        Map<String, AttributeRule> byPath = new HashMap<>();
        Map<String, String> writers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (AttributeRule r : all) {
            String key = r.urnKey() + "|" + r.pathText().toLowerCase(Locale.ROOT);
            AttributeRule prev = byPath.putIfAbsent(key, r);
            if (prev != null) {
                throw new IllegalStateException("Mapping rules " + describe(prev, s) + " and " + describe(r, s)
                        + " map the same SCIM path");
            }
            if (!r.writable()) {
                continue;
            }
            for (String f : writtenFields(r, s)) {
                String other = writers.putIfAbsent(f, describe(r, s));
                if (other != null) {
                    throw new IllegalStateException("Mapping rules " + other + " and " + describe(r, s)
                            + " both write Employee field " + f);
                }
            }
        }
        boolean hasUserName = all.stream().anyMatch(r -> r.urnKey().isEmpty() && r.scimPath().size() == 1
                && r.attribute().equalsIgnoreCase("userName") && r.writable());
        if (!hasUserName) {
            throw new IllegalStateException("bridge.mapping.user.file (" + s.rulesSource()
                    + "): no writable rule maps userName (RFC 7643 §4.1.1 requires it)");
        }
        if (s.activeValue().equalsIgnoreCase(s.inactiveValue())) {
            throw new IllegalStateException(
                    "bridge.mapping.user.status.active and .inactive must differ (both are " + s.activeValue() + ")");
        }
    }

    static List<String> writtenFields(AttributeRule r, Settings s) {
        List<String> fields = new ArrayList<>(List.of(r.field()));
        if (r.type() == FieldType.REFERENCE) {
            fields.add(categoryField(r));
        }
        if (r.type() == FieldType.STATUS && s.alsoDisabled()) {
            fields.add("Disabled");
        }
        return fields;
    }

    static String categoryField(AttributeRule r) {
        return r.field().substring(0, r.field().length() - "_RecID".length()) + "_Category";
    }

    private static String describe(AttributeRule r, Settings s) {
        return "'" + r.pathText() + "' ⇄ " + r.field() + " (" + s.rulesSource() + " / bridge.mapping.user.custom)";
    }

    private static String text(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalStateException(at + ": '" + key + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static String oneOf(JsonNode n, String key, String dflt, Set<String> allowed, String at) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw new IllegalStateException(at + ": '" + key + "' must be one of " + new java.util.TreeSet<>(allowed));
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String key, boolean dflt, String at) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new IllegalStateException(at + ": '" + key + "' must be true or false");
        }
        return v.booleanValue();
    }
}
