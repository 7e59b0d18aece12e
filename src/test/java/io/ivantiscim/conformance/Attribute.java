package io.ivantiscim.conformance;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One addressable attribute of a resource type, as {@code /Schemas} describes it: a simple attribute
 * ({@code title}), a sub-attribute ({@code name.givenName}), one typed value of a multi-valued attribute
 * ({@code emails[type eq "work"].value}), or a whole multi-valued attribute without types ({@code members}).
 *
 * @param urn the extension URN, or {@code null} for the resource type's core schema
 * @param def the top-level attribute definition
 * @param sub the sub-attribute definition, or {@code null}
 * @param typeValue the {@code type} of the value, or {@code null}
 */
record Attribute(String urn, JsonNode def, JsonNode sub, String typeValue) {

    String name() {
        return def.path("name").asText();
    }

    /** The SCIM path (RFC 7644 §3.10), schema-qualified for an extension. */
    String path() {
        String p = topPath();
        if (typeValue != null) {
            p += "[type eq \"" + typeValue + "\"]";
        }
        return sub == null ? p : p + "." + sub.path("name").asText();
    }

    String topPath() {
        return (urn == null ? "" : urn + ":") + name();
    }

    String patchPath() {
        return path();
    }

    private JsonNode leaf() {
        return sub == null ? def : sub;
    }

    boolean writable() {
        boolean top = def.path("mutability").asText().equals("readWrite");
        return sub == null ? top : top && sub.path("mutability").asText().equals("readWrite");
    }

    boolean required() {
        return def.path("required").asBoolean() && (sub == null || sub.path("required").asBoolean());
    }

    boolean unique() {
        return !leaf().path("uniqueness").asText("none").equals("none");
    }

    boolean returnedByDefault() {
        String returned = def.path("returned").asText("default");
        return returned.equals("default") || returned.equals("always");
    }

    /** Whether a PATCH remove applies: {@code active} has no unassigned state a server could store. */
    boolean removable() {
        return !(urn == null && sub == null && name().equals("active"));
    }

    boolean isBoolean() {
        return leaf().path("type").asText().equals("boolean");
    }

    boolean isMembers() {
        return sub == null && def.path("type").asText().equals("complex");
    }

    boolean isSimpleOrSub() {
        return !isMembers();
    }

    boolean isSimpleString() {
        return sub == null && typeValue == null && def.path("type").asText().equals("string");
    }

    private boolean looksLikeEmail() {
        return name().toLowerCase(Locale.ROOT).contains("mail") || name().equalsIgnoreCase("userName");
    }

    /**
     * A value to write, different for each {@code variant}; {@code null} when none can be made (a reference to a
     * resource type the server does not publish).
     */
    JsonNode sample(ConformanceChecks checks, ResourceType rt, int variant) {
        if (isMembers()) {
            String referenced = referencedType();
            ResourceType target = checks.resourceTypes().stream()
                    .filter(t -> t.path("name").asText().equalsIgnoreCase(referenced))
                    .map(t -> new ResourceType(t, checks.schemas())).findFirst().orElse(null);
            if (target == null) {
                return null;
            }
            ArrayNode members = JsonNodeFactory.instance.arrayNode();
            members.addObject().put("value", checks.create(target));
            return members;
        }
        if (name().equalsIgnoreCase("manager") && sub != null && sub.path("name").asText().equals("value")) {
            // RFC 7643 §4.3: manager.value is the id of another User.
            return TextNode.valueOf(checks.create(rt));
        }
        String type = leaf().path("type").asText();
        return switch (type) {
            case "boolean" -> BooleanNode.valueOf(variant % 2 == 1);
            case "integer" -> IntNode.valueOf(100 + variant);
            case "decimal" -> DecimalNode.valueOf(new java.math.BigDecimal(variant + ".5"));
            case "dateTime" -> TextNode.valueOf("2026-0" + (variant + 1) + "-15T10:00:00Z");
            case "reference" -> TextNode.valueOf("https://example.com/" + UUID.randomUUID());
            default -> TextNode.valueOf(string(checks, rt, variant));
        };
    }

    private String string(ConformanceChecks checks, ResourceType rt, int variant) {
        String uid = UUID.randomUUID().toString().substring(0, 10);
        if (looksLikeEmail()) {
            return "conf-" + uid + "@example.com";
        }
        if (!required() && !unique()) {
            List<JsonNode> existing = checks.existingValues(rt, this::read);
            if (existing.size() > variant) {
                return existing.get(variant).asText();
            }
        }
        return "Conf " + variant + " " + uid;
    }

    private String referencedType() {
        JsonNode ref = ResourceType.sub(def, "$ref");
        JsonNode types = ref.path("referenceTypes");
        return types.size() > 0 ? types.get(0).asText() : "User";
    }

    /** The value the path designates in a resource, or {@code null}. */
    JsonNode read(JsonNode resource) {
        JsonNode top = readTop(resource);
        if (top == null) {
            return null;
        }
        if (isMembers()) {
            return top;
        }
        JsonNode element = top;
        if (typeValue != null) {
            element = null;
            for (JsonNode e : top) {
                if (typeValue.equalsIgnoreCase(field(e, "type") == null ? null : field(e, "type").asText())) {
                    element = e;
                }
            }
            if (element == null) {
                return null;
            }
        }
        return sub == null ? element : field(element, sub.path("name").asText());
    }

    /** The top-level attribute in a resource, or {@code null}. */
    JsonNode readTop(JsonNode resource) {
        JsonNode container = urn == null ? resource : field(resource, urn);
        return container == null ? null : field(container, name());
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (var it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                JsonNode v = node.get(k);
                return v == null || v.isNull() ? null : v;
            }
        }
        return null;
    }

    /** Whether a read-back value is the written one, as the attribute compares values (RFC 7643 §2.2). */
    boolean matches(JsonNode now, JsonNode expected) {
        if (now == null) {
            return false;
        }
        if (isMembers()) {
            for (JsonNode m : now) {
                if (m.path("value").asText().equals(expected.path(0).path("value").asText())) {
                    return true;
                }
            }
            return false;
        }
        String type = leaf().path("type").asText();
        if (type.equals("dateTime")) {
            return Instant.parse(now.asText()).equals(Instant.parse(expected.asText()));
        }
        if (type.equals("string") && !leaf().path("caseExact").asBoolean()) {
            return now.asText().equalsIgnoreCase(expected.asText());
        }
        return now.isNumber() && expected.isNumber()
                ? now.decimalValue().compareTo(expected.decimalValue()) == 0
                : now.asText().equals(expected.asText());
    }

    /** Writes a value at the path into a resource body. */
    void write(ObjectNode body, JsonNode value) {
        ObjectNode container = body;
        if (urn != null) {
            ArrayNode schemas = body.withArray("schemas");
            boolean listed = false;
            for (JsonNode s : schemas) {
                listed |= s.asText().equalsIgnoreCase(urn);
            }
            if (!listed) {
                schemas.add(urn);
            }
            container = body.has(urn) ? (ObjectNode) body.get(urn) : body.putObject(urn);
        }
        if (sub == null) {
            container.set(name(), value);
            return;
        }
        if (typeValue == null) {
            ObjectNode parent = container.has(name())
                    ? (ObjectNode) container.get(name())
                    : container.putObject(name());
            parent.set(sub.path("name").asText(), value);
            return;
        }
        ArrayNode values = container.has(name()) ? (ArrayNode) container.get(name()) : container.putArray(name());
        ObjectNode element = null;
        for (JsonNode e : values) {
            if (typeValue.equals(e.path("type").asText())) {
                element = (ObjectNode) e;
            }
        }
        if (element == null) {
            element = values.addObject().put("type", typeValue);
        }
        element.set(sub.path("name").asText(), value);
    }
}
