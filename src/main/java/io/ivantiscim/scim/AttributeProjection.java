package io.ivantiscim.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;

import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.provisioning.FilterMatch;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5, §3.9): which attributes a
 * response carries. {@code id} and {@code schemas} are always returned (RFC 7643 §3.1, §7 "returned": "always").
 * <p>
 * A path may carry a value filter ({@code emails[type eq "work"]}, {@code emails[type eq "work"].value}): it narrows
 * the values returned (or removed) to the matching ones, and a resource with no matching value simply goes without
 * the attribute. A projection selects; it never fails a request over what a resource happens to hold (the RFC gives
 * no error for it, and a tester listing users some of whom have no work email expects a 200).
 */
public record AttributeProjection(List<Path> attributes, List<Path> excluded) {

    /** No projection: default attributes. */
    public static final AttributeProjection DEFAULT = new AttributeProjection(List.of(), List.of());

    /** Parses the comma-separated parameter values; a malformed path is 400 {@code invalidPath}. */
    public static AttributeProjection of(String attributes, String excludedAttributes) throws BadRequestException {
        if ((attributes == null || attributes.isBlank())
                && (excludedAttributes == null || excludedAttributes.isBlank())) {
            return DEFAULT;
        }
        return new AttributeProjection(paths(attributes), paths(excludedAttributes));
    }

    private static List<Path> paths(String value) throws BadRequestException {
        List<Path> paths = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return paths;
        }
        for (String part : splitOutsideBrackets(value)) {
            if (!part.isBlank()) {
                ODataFilterTranslator.checkNesting(part, "attribute path");
                paths.add(Path.fromString(part.trim()));
            }
        }
        return paths;
    }

    // A value filter may itself hold a comma inside a quoted value: split only outside brackets and quotes.
    private static List<String> splitOutsideBrackets(String value) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /** Applies the projection to a resource (in place when only exclusions are asked for). */
    public GenericScimResource apply(GenericScimResource resource) throws ScimException {
        ObjectNode source = resource.getObjectNode();
        if (!attributes.isEmpty()) {
            ObjectNode projected = JsonNodeFactory.instance.objectNode();
            for (String always : List.of("schemas", "id")) {
                if (source.hasNonNull(always)) {
                    projected.set(always, source.get(always));
                }
            }
            for (Path path : attributes) {
                select(source, projected, path);
            }
            return new GenericScimResource(projected);
        }
        for (Path path : excluded) {
            if (!path.isRoot() && !isAlways(path)) {
                remove(source, path);
            }
        }
        return resource;
    }

    /** True when the response can skip an attribute entirely (no {@code groups} lookups when nobody asks). */
    public boolean excludes(String attribute) {
        return excluded.stream().anyMatch(p -> p.size() == 1 && p.getElement(0).getValueFilter() == null
                && topName(p).equalsIgnoreCase(attribute))
                || (!attributes.isEmpty()
                        && attributes.stream().noneMatch(p -> topName(p).equalsIgnoreCase(attribute)));
    }

    private static String topName(Path path) {
        return path.isRoot() ? "" : path.getElement(0).getAttribute();
    }

    private static boolean isAlways(Path path) {
        return path.size() == 1 && path.getSchemaUrn() == null
                && (topName(path).equalsIgnoreCase("id") || topName(path).equalsIgnoreCase("schemas"));
    }

    /**
     * The key of a whole extension object when the path is just its URN: the SDK parses
     * {@code urn:…:enterprise:2.0:User} as attribute {@code User} of schema {@code urn:…:enterprise:2.0}.
     */
    private static String wholeExtension(ObjectNode resource, Path path) {
        String urn = path.getSchemaUrn();
        if (urn == null || path.size() != 1 || path.getElement(0).getValueFilter() != null) {
            return null;
        }
        String key = key(resource, urn + ":" + topName(path));
        return resource.get(key) instanceof ObjectNode ? key : null;
    }

    /** Copies what {@code path} designates from {@code source} into {@code target}, merging with earlier paths. */
    private static void select(ObjectNode source, ObjectNode target, Path path) {
        String extension = wholeExtension(source, path);
        if (extension != null) {
            target.set(extension, source.get(extension).deepCopy());
            return;
        }
        ObjectNode from = container(source, path, false);
        if (from == null) {
            return;
        }
        if (path.isRoot()) {
            // A bare extension URN selects the whole extension; the bare core URN selects nothing more than id.
            if (from != source) {
                target.set(key(source, path.getSchemaUrn()), from.deepCopy());
            }
            return;
        }
        String name = key(from, topName(path));
        JsonNode value = from.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        Filter filter = path.getElement(0).getValueFilter();
        String sub = path.size() > 1 ? path.getElement(1).getAttribute() : null;
        JsonNode picked;
        if (value.isArray()) {
            Map<Integer, JsonNode> chosen = new TreeMap<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (matches(filter, element)) {
                    JsonNode part = sub == null ? element.deepCopy() : subValue(element, sub);
                    if (part != null) {
                        chosen.put(i, part);
                    }
                }
            }
            if (chosen.isEmpty()) {
                return;
            }
            picked = mergeArray(target, from, path, name, value, chosen);
        } else {
            if (filter != null && !matches(filter, value)) {
                return;
            }
            picked = sub == null ? value.deepCopy() : subValue(value, sub);
            if (picked == null) {
                return;
            }
        }
        ObjectNode into = container(target, path, true);
        JsonNode existing = into.get(name);
        if (existing instanceof ObjectNode o && picked instanceof ObjectNode p) {
            o.setAll(p);
        } else {
            into.set(name, picked);
        }
    }

    /**
     * The chosen elements of a multi-valued attribute, each merged with what earlier paths chose from the same
     * element ({@code emails.value,emails.type} returns both sub-attributes of each email, in the source's order).
     */
    private static ArrayNode mergeArray(ObjectNode target, ObjectNode from, Path path, String name, JsonNode source,
            Map<Integer, JsonNode> chosen) {
        ObjectNode into = container(target, path, false);
        JsonNode earlier = into == null ? null : into.get(name);
        Map<Integer, JsonNode> merged = new TreeMap<>(chosen);
        if (earlier instanceof ArrayNode previous) {
            for (JsonNode e : previous) {
                int index = indexOf(source, e);
                JsonNode now = merged.get(index);
                if (now instanceof ObjectNode n && e instanceof ObjectNode p) {
                    ObjectNode both = p.deepCopy();
                    both.setAll(n);
                    merged.put(index, both);
                } else if (now == null) {
                    merged.put(index, e);
                }
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        merged.values().forEach(out::add);
        return out;
    }

    /** The index of the source element a projected element came from (its values are a subset of the source's). */
    private static int indexOf(JsonNode source, JsonNode projected) {
        for (int i = 0; i < source.size(); i++) {
            JsonNode s = source.get(i);
            if (s.equals(projected)) {
                return i;
            }
            if (s instanceof ObjectNode so && projected instanceof ObjectNode po) {
                boolean subset = true;
                for (var f : po.properties()) {
                    subset &= f.getValue().equals(so.get(f.getKey()));
                }
                if (subset) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static JsonNode subValue(JsonNode element, String sub) {
        if (!(element instanceof ObjectNode o)) {
            return null;
        }
        String name = key(o, sub);
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : JsonNodeFactory.instance.objectNode().set(name, v.deepCopy());
    }

    /** Removes what {@code path} designates; an attribute left with no value is removed too. */
    private static void remove(ObjectNode source, Path path) {
        String extension = wholeExtension(source, path);
        if (extension != null) {
            source.remove(extension);
            return;
        }
        ObjectNode from = container(source, path, false);
        if (from == null) {
            return;
        }
        String name = key(from, topName(path));
        JsonNode value = from.get(name);
        if (value == null) {
            return;
        }
        Filter filter = path.getElement(0).getValueFilter();
        String sub = path.size() > 1 ? path.getElement(1).getAttribute() : null;
        if (filter == null && sub == null) {
            from.remove(name);
        } else if (value instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode element = array.get(i);
                if (!matches(filter, element)) {
                    continue;
                }
                if (sub == null) {
                    array.remove(i);
                } else if (element instanceof ObjectNode o) {
                    o.remove(key(o, sub));
                    if (o.isEmpty()) {
                        array.remove(i);
                    }
                }
            }
            if (array.isEmpty()) {
                from.remove(name);
            }
        } else if (value instanceof ObjectNode o && matches(filter, o)) {
            if (sub == null) {
                from.remove(name);
            } else {
                o.remove(key(o, sub));
                if (o.isEmpty()) {
                    from.remove(name);
                }
            }
        }
        String urn = path.getSchemaUrn();
        if (urn != null && from != source && from.isEmpty()) {
            source.remove(key(source, urn));
        }
    }

    private static boolean matches(Filter filter, JsonNode element) {
        if (filter == null) {
            return true;
        }
        try {
            // FilterMatch, not the SDK's evaluator: the same answers without its date probe, which threw four
            // exceptions per text comparison (emails[type eq "work"] on every email of every user in a list).
            return FilterMatch.matches(filter, element);
        } catch (ScimException e) {
            // A filter that cannot apply to this value (wrong type, a complex comparison) selects nothing.
            return false;
        }
    }

    /**
     * The object a path's attribute lives in: the resource for the core schema, else the extension object keyed by
     * its URN (RFC 7644 §3.10), created when {@code create}.
     */
    private static ObjectNode container(ObjectNode resource, Path path, boolean create) {
        String urn = path.getSchemaUrn();
        if (urn == null || isCoreUrn(resource, urn)) {
            return resource;
        }
        String name = key(resource, urn);
        JsonNode ext = resource.get(name);
        if (ext instanceof ObjectNode o) {
            return o;
        }
        return create ? resource.putObject(name) : null;
    }

    private static boolean isCoreUrn(ObjectNode resource, String urn) {
        JsonNode schemas = resource.get("schemas");
        return urn.toLowerCase(Locale.ROOT).startsWith("urn:ietf:params:scim:schemas:core:")
                && schemas != null && schemas.size() > 0 && schemas.get(0).asText().equalsIgnoreCase(urn);
    }

    /** The key an object holds for a name compared case-insensitively (RFC 7643 §2.1), or the name itself. */
    private static String key(ObjectNode node, String name) {
        for (var it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return name;
    }
}
