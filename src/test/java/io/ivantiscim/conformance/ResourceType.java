package io.ivantiscim.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One entry of {@code /ResourceTypes} with its schemas, flattened into the attribute paths a client can address. */
final class ResourceType {

    private final JsonNode type;
    private final List<Attribute> attributes = new ArrayList<>();

    ResourceType(JsonNode type, Map<String, JsonNode> schemas) {
        this.type = type;
        add(schemas.get(type.path("schema").asText().toLowerCase(Locale.ROOT)), null);
        for (JsonNode ext : type.path("schemaExtensions")) {
            String urn = ext.path("schema").asText();
            add(schemas.get(urn.toLowerCase(Locale.ROOT)), urn);
        }
    }

    private void add(JsonNode schema, String urn) {
        for (JsonNode def : schema.path("attributes")) {
            if (def.path("returned").asText().equals("never")) {
                continue;
            }
            if (!def.path("type").asText().equals("complex")) {
                attributes.add(new Attribute(urn, def, null, null));
                continue;
            }
            JsonNode typeSub = sub(def, "type");
            List<String> types = new ArrayList<>();
            typeSub.path("canonicalValues").forEach(v -> types.add(v.asText()));
            // Values told apart by a writable type (emails, addresses); else the values themselves (members).
            if (def.path("multiValued").asBoolean()
                    && (types.isEmpty() || !typeSub.path("mutability").asText().equals("readWrite"))) {
                attributes.add(new Attribute(urn, def, null, null));
                continue;
            }
            for (JsonNode sub : def.path("subAttributes")) {
                String name = sub.path("name").asText();
                if (def.path("multiValued").asBoolean()) {
                    if (!name.equals("type") && !name.equals("primary")) {
                        types.forEach(t -> attributes.add(new Attribute(urn, def, sub, t)));
                    }
                } else {
                    attributes.add(new Attribute(urn, def, sub, null));
                }
            }
        }
    }

    static JsonNode sub(JsonNode def, String name) {
        for (JsonNode s : def.path("subAttributes")) {
            if (s.path("name").asText().equalsIgnoreCase(name)) {
                return s;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    String name() {
        return type.path("name").asText();
    }

    String endpoint() {
        return type.path("endpoint").asText();
    }

    String coreSchema() {
        return type.path("schema").asText();
    }

    List<Attribute> all() {
        return attributes;
    }

    /** What a client may write: {@code readWrite} attributes and sub-attributes. */
    List<Attribute> writable() {
        return attributes.stream().filter(Attribute::writable).toList();
    }

    /** What a create must carry. */
    List<Attribute> required() {
        return attributes.stream().filter(Attribute::required).toList();
    }

    /** One attribute per top-level name that a response carries by default. */
    List<Attribute> returnedByDefault() {
        Map<String, Attribute> byTop = new LinkedHashMap<>();
        for (Attribute a : attributes) {
            if (a.returnedByDefault()) {
                byTop.putIfAbsent(a.topPath().toLowerCase(Locale.ROOT), a);
            }
        }
        return List.copyOf(byTop.values());
    }

    /** Values of multi-valued attributes told apart by {@code type}, one per attribute and type. */
    List<Attribute> typedValues() {
        Map<String, Attribute> byType = new LinkedHashMap<>();
        for (Attribute a : attributes) {
            if (a.typeValue() != null && a.returnedByDefault()) {
                byType.putIfAbsent((a.topPath() + "|" + a.typeValue()).toLowerCase(Locale.ROOT), a);
            }
        }
        return List.copyOf(byType.values());
    }

    /** The attribute a list filter finds one resource by: a unique required string, else the first required one. */
    Attribute filterKey() {
        return required().stream().filter(a -> a.isSimpleString() && a.unique()).findFirst()
                .or(() -> required().stream().filter(Attribute::isSimpleString).findFirst())
                .orElseThrow(() -> new AssertionError(name() + " has no required string attribute to filter on"));
    }

    /** A new resource carrying the required attributes only. */
    ObjectNode minimal(ConformanceChecks checks) {
        ObjectNode body = ConformanceChecks.object();
        body.putArray("schemas").add(coreSchema());
        for (Attribute a : required()) {
            a.write(body, a.sample(checks, this, 0));
        }
        return body;
    }
}
