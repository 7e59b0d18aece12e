package io.ivantiscim.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;

/**
 * A run of PATCH operations on one multi-valued attribute that {@link PatchEngine#apply} applies in time linear in
 * the operations and values, with the results the SDK gives one operation at a time: {@code add} of a value array
 * (each value appended unless an equal one is present), {@code remove attr[value eq "…"]} and Entra's
 * {@code remove} with a value array (docs/idp-contracts.md §3.9), both dropping every element whose {@code value}
 * matches ignoring case; an attribute left empty is removed.
 */
final class MultiValuedRun {

    private MultiValuedRun() {
    }

    /**
     * The top-level attribute {@code op} adds to or removes from in a way a run can apply, or null. The attribute in
     * {@code node} must be absent or an array.
     */
    static String attribute(PatchOperation op, ObjectNode node) {
        Path path = op.getPath();
        if (path == null || path.isRoot() || path.size() != 1 || path.getSchemaUrn() != null) {
            return null;
        }
        String attribute = path.getElement(0).getAttribute();
        JsonNode current = get(node, attribute);
        if (current != null && !current.isArray()) {
            return null;
        }
        Filter filter = path.getElement(0).getValueFilter();
        JsonNode value = op.getJsonNode();
        if (op.getOpType() == PatchOpType.ADD) {
            return filter == null && value instanceof ArrayNode ? attribute : null;
        }
        if (op.getOpType() != PatchOpType.REMOVE) {
            return null;
        }
        if (filter == null) {
            return value instanceof ArrayNode values && values.size() > 0 && allHaveTextValue(values)
                    ? attribute
                    : null;
        }
        return removedValue(filter) != null && value == null ? attribute : null;
    }

    /** Applies {@code ops}, each of which {@link #attribute} answered {@code attribute} for, to {@code node}. */
    static void apply(ObjectNode node, String attribute, List<PatchOperation> ops) {
        String key = key(node, attribute);
        JsonNode current = node.get(key);
        List<JsonNode> items = new ArrayList<>();
        if (current != null) {
            current.forEach(items::add);
        }
        Map<String, List<Integer>> byValue = new HashMap<>();
        Map<JsonNode, Integer> present = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            index(items.get(i), i, byValue, present);
        }
        for (PatchOperation op : ops) {
            if (op.getOpType() == PatchOpType.ADD) {
                for (JsonNode v : op.getJsonNode()) {
                    if (!present.containsKey(v)) {
                        items.add(v);
                        index(v, items.size() - 1, byValue, present);
                    }
                }
                continue;
            }
            Set<String> removed = new HashSet<>();
            String filtered = removedValue(op.getPath().getElement(0).getValueFilter());
            if (filtered != null) {
                removed.add(filtered);
            } else {
                op.getJsonNode().forEach(v -> removed.add(textValue(v)));
            }
            for (String value : removed) {
                for (int i : byValue.getOrDefault(value, List.of())) {
                    JsonNode item = items.get(i);
                    if (item != null) {
                        present.computeIfPresent(item, (k, n) -> n > 1 ? n - 1 : null);
                        items.set(i, null);
                    }
                }
                byValue.remove(value);
            }
        }
        ArrayNode out = node.arrayNode();
        items.stream().filter(i -> i != null).forEach(out::add);
        if (out.isEmpty()) {
            node.remove(key);
        } else {
            node.set(key, out);
        }
    }

    private static void index(JsonNode item, int position, Map<String, List<Integer>> byValue,
            Map<JsonNode, Integer> present) {
        present.merge(item, 1, Integer::sum);
        String value = textValue(item);
        if (value != null) {
            byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(position);
        }
    }

    /** The lower-cased {@code value} of an element, or null. */
    private static String textValue(JsonNode item) {
        JsonNode value = item instanceof ObjectNode o ? get(o, "value") : null;
        return value != null && value.isTextual() ? value.asText().toLowerCase(Locale.ROOT) : null;
    }

    /** The lower-cased literal of {@code value eq "…"}, or null for any other filter. */
    static String removedValue(Filter filter) {
        if (filter instanceof EqualFilter eq && eq.getAttributePath().size() == 1
                && eq.getAttributePath().getSchemaUrn() == null
                && eq.getAttributePath().getElement(0).getValueFilter() == null
                && eq.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
                && eq.getComparisonValue() != null && eq.getComparisonValue().isTextual()) {
            return eq.getComparisonValue().asText().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static boolean allHaveTextValue(ArrayNode values) {
        for (JsonNode v : values) {
            if (textValue(v) == null) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode get(ObjectNode node, String name) {
        return node.get(key(node, name));
    }

    /** The key {@code node} holds {@code name} under, whatever its case (RFC 7643 §2.1); {@code name} if none. */
    private static String key(ObjectNode node, String name) {
        for (String k : (Iterable<String>) node::fieldNames) {
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return name;
    }
}
