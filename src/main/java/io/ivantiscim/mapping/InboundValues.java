package io.ivantiscim.mapping;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

/**
 * Reads typed values out of an inbound SCIM User (POST, PUT, or the view a PATCH produced) for
 * {@link EmployeeMapper}: the {@code schemas} check, null removal (RFC 7643 §2.5), and the value of one
 * {@link AttributeRule}, type-checked and normalised the way IdPs send it.
 */
final class InboundValues {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

    private InboundValues() {
    }

    static ObjectNode objectValue(String key, JsonNode value) throws BadRequestException {
        if (!(value instanceof ObjectNode o)) {
            throw BadRequestException.invalidValue("'" + key + "' must be a JSON object");
        }
        return o;
    }

    static void checkSchemas(JsonNode schemas, UserMapping mapping) throws BadRequestException {
        if (schemas == null) {
            return;
        }
        if (!schemas.isArray()) {
            throw BadRequestException.invalidSyntax("'schemas' must be an array of schema URNs");
        }
        for (JsonNode s : schemas) {
            String urn = s.asText();
            if (!s.isTextual() || !mapping.knowsSchema(urn)) {
                throw BadRequestException.invalidSyntax("Unknown schema URN '" + urn
                        + "' in 'schemas'; this server knows " + String.join(", ", mapping.knownSchemaUrns()));
            }
        }
    }

    /**
     * {@code primary} of a multi-valued attribute's value is a boolean (RFC 7643 §2.4); Okta and Entra send
     * {@code true} (docs/idp-contracts.md §2.7, §3.7, §4.10), and a string or number is refused rather than guessed at.
     */
    static void checkPrimary(ObjectNode resource) throws BadRequestException {
        for (Map.Entry<String, JsonNode> e : resource.properties()) {
            if (e.getValue() instanceof ObjectNode extension
                    && e.getKey().toLowerCase(Locale.ROOT).startsWith("urn:")) {
                checkPrimary(extension);
            } else if (e.getValue().isArray()) {
                for (JsonNode element : e.getValue()) {
                    JsonNode primary = element instanceof ObjectNode o ? o.get("primary") : null;
                    if (primary != null && !primary.isNull() && !primary.isBoolean()) {
                        throw BadRequestException.invalidValue("'" + e.getKey() + "[].primary' must be true or "
                                + "false (a JSON boolean), not " + primary + ".");
                    }
                }
            }
        }
    }

    /** Whether {@link #removeNulls} would take anything out of {@code node}. */
    static boolean hasNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasNull(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    static void removeNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    removeNulls(e.getValue());
                }
            });
            o.remove(nulls);
        } else if (node instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).isNull()) {
                    a.remove(i);
                } else {
                    removeNulls(a.get(i));
                }
            }
        }
    }

    /**
     * The SCIM value of a rule in a prepared resource, type-checked and normalised ({@code "True"} → true,
     * dates → UTC), or {@code null} when absent or empty.
     */
    static JsonNode extract(ObjectNode in, AttributeRule rule) throws BadRequestException {
        JsonNode container = rule.urnKey().isEmpty() ? in : in.get(rule.scimPath().getSchemaUrn());
        if (container == null) {
            return null;
        }
        JsonNode a = container.get(rule.attribute());
        if (a == null) {
            return null;
        }
        String sub = rule.subAttribute();
        JsonNode v;
        if (rule.typeValue() != null) {
            if (!a.isArray()) {
                throw BadRequestException.invalidValue("Attribute '" + rule.attribute()
                        + "' must be an array of complex values (RFC 7643 §2.4)");
            }
            v = null;
            for (JsonNode element : a) {
                if (!element.isObject()) {
                    throw BadRequestException
                            .invalidValue("Each '" + rule.attribute() + "' value must be a JSON object");
                }
                if (element.path("type").asText().equalsIgnoreCase(rule.typeValue())) {
                    v = element.get(sub);
                    break;
                }
            }
        } else if (sub != null) {
            if (rule.attribute().equalsIgnoreCase("manager") && !rule.urnKey().isEmpty()) {
                // Entra sends manager as a bare id string or as [{"$ref":…,"value":…}] (docs/idp-contracts.md §3.9).
                if (a.isTextual()) {
                    return sub.equalsIgnoreCase("value") ? convert(rule, a) : null;
                }
                if (a.isArray()) {
                    if (a.isEmpty()) {
                        return null;
                    }
                    a = a.get(0);
                }
            }
            if (!a.isObject()) {
                throw BadRequestException.invalidValue("Attribute '" + rule.attribute() + "' must be a complex value");
            }
            v = a.get(sub);
        } else {
            v = a;
        }
        return v == null ? null : convert(rule, v);
    }

    static JsonNode convert(AttributeRule rule, JsonNode v) throws BadRequestException {
        String name = rule.pathText();
        switch (rule.type()) {
            case BOOLEAN, STATUS -> {
                if (v.isBoolean()) {
                    return v;
                }
                // Entra's IsSoftDeleted mapping sends "True"/"False" strings (docs/idp-contracts.md §3.9, §3.11).
                if (v.isTextual() && v.asText().trim().equalsIgnoreCase("true")) {
                    return BooleanNode.TRUE;
                }
                if (v.isTextual() && v.asText().trim().equalsIgnoreCase("false")) {
                    return BooleanNode.FALSE;
                }
                throw BadRequestException.invalidValue("Attribute '" + name + "' must be a boolean, not " + v);
            }
            case INTEGER -> {
                if (v.isIntegralNumber()) {
                    return LongNode.valueOf(v.longValue());
                }
                if (v.isTextual() && INTEGER.matcher(v.asText().trim()).matches()) {
                    return LongNode.valueOf(Long.parseLong(v.asText().trim()));
                }
                throw BadRequestException.invalidValue("Attribute '" + name + "' must be an integer");
            }
            case DECIMAL -> {
                try {
                    if (v.isNumber() || v.isTextual()) {
                        return DecimalNode.valueOf(v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim()));
                    }
                } catch (NumberFormatException e) {
                    // fall through to the error
                }
                throw BadRequestException.invalidValue("Attribute '" + name + "' must be a decimal number");
            }
            case DATETIME -> {
                if (v.isTextual()) {
                    if (v.asText().isEmpty()) {
                        return null;
                    }
                    try {
                        return TextNode.valueOf(
                                DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.parse(v.asText()).toInstant()));
                    } catch (DateTimeParseException e) {
                        // fall through to the error
                    }
                }
                throw BadRequestException.invalidValue("Attribute '" + name
                        + "' must be an xsd:dateTime with an offset, e.g. 2026-01-01T00:00:00Z (RFC 7643 §2.3.5)");
            }
            default -> {
                if (!v.isTextual()) {
                    throw BadRequestException
                            .invalidValue("Attribute '" + name + "' must be a string, not " + v.getNodeType()
                                    .toString().toLowerCase(Locale.ROOT));
                }
                return v.asText().isEmpty() ? null : v;
            }
        }
    }
}
