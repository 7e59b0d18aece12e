package io.ivantiscim.scim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.FieldType;
import io.ivantiscim.mapping.UserMapping;

/**
 * The discovery documents (RFC 7643 §5–7). The User schemas are derived from the attribute mapping in force
 * ({@link UserMapping}: the built-in or operator's rule table plus custom attributes), so that {@code /Schemas} lists
 * exactly what the bridge stores and returns, with {@code required}, {@code mutability}, {@code returned},
 * {@code caseExact} and {@code uniqueness} taken from the rules. The {@code scim-schemas/*.json} files bundled in the
 * jar only supply the RFC 7643 descriptions and types of the attributes the mapping names; an attribute they do not
 * describe (a custom attribute, an operator's extra rule) is described from its rule. Each call returns a fresh copy
 * so that callers can add {@code meta} without touching the cached original.
 */
@ApplicationScoped
public class SchemaRegistry {

    static final String USER_FILE = "User.json";
    static final Map<String, String> EXTENSION_FILES = Map.of(UserMapping.ENTERPRISE_URN, "EnterpriseUser.json",
            UserMapping.IVANTI_URN, "IvantiUser.json");
    static final String GROUP_FILE = "Group.json";
    static final List<String> RESOURCE_TYPE_FILES = List.of("ResourceType-User.json", "ResourceType-Group.json");
    static final String SERVICE_PROVIDER_CONFIG_FILE = "ServiceProviderConfig.json";

    // RFC 7643 §3.1 common attributes are described by no schema.
    private static final Set<String> COMMON = Set.of("id", "externalid", "meta");

    private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();
    private final Map<String, ObjectNode> resourceTypes = new LinkedHashMap<>();
    private final ObjectNode serviceProviderConfig;

    @Inject
    SchemaRegistry(ObjectMapper mapper, UserMapping mapping, BridgeConfig config) {
        this(mapper, mapping, config.users().usernameMutability());
    }

    private SchemaRegistry(ObjectMapper mapper, UserMapping mapping, BridgeConfig.UserNameMutability userNames) {
        ObjectNode user = derive(read(mapper, USER_FILE), mapping, null);
        if (userNames == BridgeConfig.UserNameMutability.IMMUTABLE) {
            // bridge.users.username-mutability: RFC 7643 §2.2 "immutable", set by POST only; UserService refuses
            // the change, so the schema says so.
            user.withArray("attributes").forEach(a -> {
                if (a.path("name").asText().equalsIgnoreCase("userName")) {
                    ((ObjectNode) a).put("mutability", "immutable");
                }
            });
        }
        schemas.put(user.path("id").asText(), user);
        List<String> extensions = mapping.extensionUrns();
        for (String urn : extensions) {
            schemas.put(urn, derive(read(mapper, EXTENSION_FILES.get(urn)), mapping, urn));
        }
        ObjectNode group = read(mapper, GROUP_FILE);
        schemas.put(group.path("id").asText(), group);
        for (String file : RESOURCE_TYPE_FILES) {
            ObjectNode resourceType = read(mapper, file);
            if (resourceType.path("schema").asText().equals(UserMapping.CORE_URN)) {
                ArrayNode list = resourceType.putArray("schemaExtensions");
                extensions.forEach(urn -> list.addObject().put("schema", urn).put("required", false));
            }
            resourceTypes.put(resourceType.path("id").asText(), resourceType);
        }
        serviceProviderConfig = read(mapper, SERVICE_PROVIDER_CONFIG_FILE);
    }

    /** Builds the registry for a mapping without CDI (unit tests, tools). */
    public static SchemaRegistry of(ObjectMapper mapper, UserMapping mapping) {
        return new SchemaRegistry(mapper, mapping, BridgeConfig.UserNameMutability.READ_WRITE);
    }

    /** Every schema, in a stable order. */
    public List<ObjectNode> schemas() {
        return copies(schemas);
    }

    /** One schema by its URN (case-insensitive, as URNs are, RFC 8141 §3.1). */
    public Optional<ObjectNode> schema(String id) {
        return find(schemas, id);
    }

    /** Every resource type. */
    public List<ObjectNode> resourceTypes() {
        return copies(resourceTypes);
    }

    /** One resource type by id. */
    public Optional<ObjectNode> resourceType(String id) {
        return find(resourceTypes, id);
    }

    /** The service provider configuration template. */
    public ObjectNode serviceProviderConfig() {
        return serviceProviderConfig.deepCopy();
    }

    /**
     * One User schema ({@code urn} null = core) as the mapping stores it: the template's attributes that some rule
     * maps, in the template's order, then the attributes only rules describe. The core schema also keeps
     * {@code groups}, which the bridge reads from the group backend rather than from an Employee field.
     */
    private static ObjectNode derive(ObjectNode template, UserMapping mapping, String urn) {
        Map<String, List<AttributeRule>> byAttribute = new LinkedHashMap<>();
        for (AttributeRule rule : mapping.rules()) {
            String ruleUrn = rule.schemaUrn();
            boolean sameSchema = urn == null ? ruleUrn == null : urn.equalsIgnoreCase(ruleUrn);
            if (sameSchema && !(urn == null && COMMON.contains(rule.attribute().toLowerCase(Locale.ROOT)))) {
                byAttribute.computeIfAbsent(rule.attribute().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(rule);
            }
        }
        Map<String, ObjectNode> described = new LinkedHashMap<>();
        template.withArray("attributes").forEach(a -> described.put(a.path("name").asText().toLowerCase(Locale.ROOT),
                (ObjectNode) a));
        ArrayNode attributes = JsonNodeFactory.instance.arrayNode();
        for (var e : described.entrySet()) {
            List<AttributeRule> rules = byAttribute.remove(e.getKey());
            if (rules != null) {
                attributes.add(attribute(e.getValue(), rules, mapping));
            } else if (urn == null && e.getKey().equals("groups")) {
                attributes.add(e.getValue());
            }
        }
        byAttribute.values().forEach(rules -> attributes.add(attribute(null, rules, mapping)));
        ObjectNode schema = template.deepCopy();
        schema.set("attributes", attributes);
        return schema;
    }

    /** The definition of one top-level attribute from its template (or {@code null}) and the rules that map it. */
    private static ObjectNode attribute(ObjectNode template, List<AttributeRule> rules, UserMapping mapping) {
        AttributeRule first = rules.get(0);
        ObjectNode def = template == null ? generated(first, mapping) : template.deepCopy();
        if (first.subAttribute() == null) {
            describe(def, rules);
            return def;
        }
        def.put("type", "complex");
        boolean multiValued = first.typeValue() != null;
        def.put("multiValued", multiValued);
        Map<String, List<AttributeRule>> bySub = new LinkedHashMap<>();
        rules.forEach(r -> bySub.computeIfAbsent(r.subAttribute().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(r));
        Map<String, ObjectNode> described = new LinkedHashMap<>();
        def.withArray("subAttributes").forEach(s -> described.put(s.path("name").asText().toLowerCase(Locale.ROOT),
                (ObjectNode) s));
        ArrayNode subs = JsonNodeFactory.instance.arrayNode();
        for (var e : described.entrySet()) {
            List<AttributeRule> subRules = bySub.remove(e.getKey());
            ObjectNode sub = e.getValue().deepCopy();
            if (subRules != null) {
                describe(sub, subRules);
                subs.add(sub);
            } else if (derivedByTheBridge(first, e.getKey())) {
                // Returned, but written by the bridge itself: the work value is the primary one (Okta requires one,
                // docs/idp-contracts.md §2.8) and name.formatted is assembled from the name parts.
                sub.put("mutability", "readOnly");
                sub.put("required", false);
                subs.add(sub);
            } else if (multiValued && e.getKey().equals("type")) {
                Set<String> types = new LinkedHashSet<>(rules.stream().map(AttributeRule::typeValue).toList());
                ArrayNode values = sub.putArray("canonicalValues");
                types.forEach(values::add);
                sub.put("mutability", "readWrite");
                // Only the values of these types are stored; a value of another type is accepted and dropped.
                sub.put("description", "The value's function. The bridge stores the values of type "
                        + String.join(", ", types) + " only; values of other types are accepted and dropped.");
                subs.add(sub);
            }
        }
        bySub.values().forEach(subRules -> {
            AttributeRule rule = subRules.get(0);
            ObjectNode sub = JsonNodeFactory.instance.objectNode().put("name", rule.subAttribute())
                    .put("type", scimType(rule.type())).put("multiValued", false)
                    .put("description", "Mapped to the Ivanti Employee field " + rule.field() + ".");
            describe(sub, subRules);
            subs.add(sub);
        });
        def.set("subAttributes", subs);
        boolean anyWritable = rules.stream().anyMatch(r -> r.mutability().equals("readWrite"));
        def.put("mutability", anyWritable ? "readWrite" : "readOnly");
        def.put("required", rules.stream().anyMatch(AttributeRule::required));
        def.put("returned", "default");
        def.put("uniqueness", "none");
        return def;
    }

    private static boolean derivedByTheBridge(AttributeRule rule, String sub) {
        return (rule.typeValue() != null && sub.equals("primary"))
                || (rule.schemaUrn() == null && rule.attribute().equalsIgnoreCase("name") && sub.equals("formatted"));
    }

    /** Sets the behavioural characteristics from the rules (several for a multi-valued sub-attribute). */
    private static void describe(ObjectNode def, List<AttributeRule> rules) {
        AttributeRule first = rules.get(0);
        def.put("required", rules.stream().anyMatch(AttributeRule::required));
        def.put("caseExact", first.caseExact());
        def.put("mutability",
                rules.stream().anyMatch(r -> r.mutability().equals("readWrite")) ? "readWrite" : "readOnly");
        def.put("returned", first.returned());
        def.put("uniqueness", first.uniqueness());
    }

    /** A definition for an attribute no template describes (custom attributes, an operator's extra rules). */
    private static ObjectNode generated(AttributeRule rule, UserMapping mapping) {
        ObjectNode def = JsonNodeFactory.instance.objectNode();
        def.put("name", rule.attribute());
        def.put("type", rule.subAttribute() == null ? scimType(rule.type()) : "complex");
        def.put("multiValued", false);
        def.put("description", mapping.customDescription(rule.attribute())
                .filter(d -> rule.subAttribute() == null)
                .orElse("Mapped to the Ivanti Employee field " + rule.field() + "."));
        if (rule.subAttribute() != null) {
            def.putArray("subAttributes");
        }
        return def;
    }

    private static String scimType(FieldType type) {
        return switch (type) {
            case BOOLEAN, STATUS -> "boolean";
            case INTEGER -> "integer";
            case DECIMAL -> "decimal";
            case DATETIME -> "dateTime";
            case REFERENCE -> "reference";
            case STRING -> "string";
        };
    }

    private static List<ObjectNode> copies(Map<String, ObjectNode> nodes) {
        List<ObjectNode> copies = new ArrayList<>(nodes.size());
        nodes.values().forEach(n -> copies.add(n.deepCopy()));
        return copies;
    }

    private static Optional<ObjectNode> find(Map<String, ObjectNode> nodes, String id) {
        return nodes.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(id))
                .map(e -> e.getValue().deepCopy())
                .findFirst();
    }

    static ObjectNode read(ObjectMapper mapper, String file) {
        String resource = "scim-schemas/" + file;
        try (InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
