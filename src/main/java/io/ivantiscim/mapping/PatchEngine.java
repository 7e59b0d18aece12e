package io.ivantiscim.mapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * Brings the PATCH dialects real IdPs send into the RFC 7644 §3.5.2 shape the SDK's {@link PatchRequest} applies.
 * <ul>
 * <li>{@code op} in any case ({@code "Replace"}, Entra without {@code aadOptscim062020}).</li>
 * <li>{@code "True"}/{@code "False"} strings for boolean attributes (Entra's IsSoftDeleted mapping).</li>
 * <li>No-path values whose keys are dotted or schema-qualified paths (Entra with {@code aadOptscim062020}) become one
 * operation per key; the SDK would otherwise store {@code "name.givenName"} as a literal attribute name.</li>
 * <li>{@code manager} sent as a bare id or a one-element array becomes {@code {"value": id}}.</li>
 * </ul>
 * {@link #apply(JsonNode, GenericScimResource)} also treats {@code add}/{@code replace} on a value-filtered
 * sub-attribute ({@code emails[type eq "work"].value}) as "set": the SDK rejects {@code add} when the value exists and
 * {@code replace} when no element matches, and Entra sends either (RFC 7644 §3.5.2.1: add to a single-valued target
 * replaces it).
 */
@ApplicationScoped
public class PatchNormaliser {

    private static final String PATCH_OP_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final Set<String> OPS = Set.of("add", "replace", "remove");

    private final UserMapping mapping;

    /** CDI constructor. */
    @Inject
    public PatchNormaliser(UserMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * Normalises a PATCH body as the IdP sent it and parses it with the SDK.
     *
     * @throws BadRequestException {@code invalidSyntax} for a body that is not a PatchOp message,
     *         {@code invalidPath} for a path that does not parse
     */
    public PatchRequest normalise(JsonNode body) throws ScimException {
        ObjectNode request;
        try {
            request = EmployeeMapper.MAPPER.readValue(EmployeeMapper.MAPPER.writeValueAsBytes(body), ObjectNode.class);
        } catch (IOException | IllegalArgumentException e) {
            throw BadRequestException.invalidSyntax("The PATCH body must be a JSON object (RFC 7644 §3.5.2)");
        }
        JsonNode ops = request.get("Operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw BadRequestException.invalidSyntax("The PATCH body must carry a non-empty 'Operations' array");
        }
        ArrayNode out = EmployeeMapper.MAPPER.createArrayNode();
        for (JsonNode op : ops) {
            if (!op.isObject() || !op.path("op").isTextual()) {
                throw BadRequestException.invalidSyntax("Each PATCH operation must be an object with an 'op'");
            }
            String name = op.get("op").asText().trim().toLowerCase(Locale.ROOT);
            if (!name.equals(op.get("op").asText())) {
                IdpQuirks.seen(IdpQuirks.CAPITALISED_OP);
            }
            if (!OPS.contains(name)) {
                throw BadRequestException.invalidSyntax("Unknown PATCH op '" + op.get("op").asText()
                        + "'; expected add, replace or remove");
            }
            JsonNode path = op.get("path");
            JsonNode value = op.get("value");
            if (name.equals("remove") && (path == null || path.isNull())) {
                throw BadRequestException.noTarget("A remove operation needs a 'path' naming what to remove "
                        + "(RFC 7644 §3.5.2.2)");
            }
            if (path != null && !path.isNull()) {
                if (!path.isTextual()) {
                    throw BadRequestException.invalidSyntax("A PATCH 'path' must be a string");
                }
                out.add(operation(name, path.asText(), value));
            } else if (value instanceof ObjectNode v && !name.equals("remove")) {
                IdpQuirks.seen(IdpQuirks.NO_PATH_VALUE);
                split(name, v, out);
            } else {
                out.add(((ObjectNode) op.deepCopy()).put("op", name));
            }
        }
        ObjectNode normalised = EmployeeMapper.MAPPER.createObjectNode();
        normalised.putArray("schemas").add(PATCH_OP_URN);
        normalised.set("Operations", out);
        try {
            return EmployeeMapper.MAPPER.treeToValue(normalised, PatchRequest.class);
        } catch (IOException e) {
            throw BadRequestException.invalidSyntax("The PATCH body is not a valid PatchOp message: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Normalises the body and applies it, one operation at a time, to a copy of {@code before}; returns the result
     * for {@link EmployeeMapper#changedFields(GenericScimResource, GenericScimResource)}.
     */
    public GenericScimResource apply(JsonNode body, GenericScimResource before) throws ScimException {
        return apply(normalise(body), before);
    }

    /** Applies an already {@link #normalise(JsonNode) normalised} request to a copy of {@code before}. */
    public GenericScimResource apply(PatchRequest request, GenericScimResource before) throws ScimException {
        ObjectNode node = before.getObjectNode().deepCopy();
        for (PatchOperation op : request) {
            setSemantics(op, node).apply(node);
        }
        return new GenericScimResource(node);
    }

    /** add on an existing filtered sub-attribute → replace; replace with no matching element → add. */
    private static PatchOperation setSemantics(PatchOperation op, ObjectNode node) throws ScimException {
        Path path = op.getPath();
        if (op.getOpType() == PatchOpType.REMOVE || path == null || path.size() != 2
                || path.getElement(0).getValueFilter() == null) {
            return op;
        }
        boolean exists = JsonUtils.pathExists(path.subPath(1), node);
        if (op.getOpType() == PatchOpType.ADD && exists) {
            return PatchOperation.replace(path, op.getJsonNode());
        }
        if (op.getOpType() == PatchOpType.REPLACE && !exists) {
            return PatchOperation.add(path, op.getJsonNode());
        }
        return op;
    }

    private void split(String name, ObjectNode value, ArrayNode out) throws BadRequestException {
        ObjectNode rest = EmployeeMapper.MAPPER.createObjectNode();
        List<ObjectNode> separate = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String key = e.getKey();
            boolean schemaObject = key.equalsIgnoreCase(UserMapping.CORE_URN)
                    || key.equalsIgnoreCase(UserMapping.ENTERPRISE_URN) || key.equalsIgnoreCase(UserMapping.IVANTI_URN);
            if (!schemaObject && (key.contains(".") || key.toLowerCase(Locale.ROOT).startsWith("urn:"))) {
                IdpQuirks.seen(key.toLowerCase(Locale.ROOT).startsWith("urn:")
                        ? IdpQuirks.NO_PATH_URN_KEY
                        : IdpQuirks.NO_PATH_DOTTED_KEY);
                // A null under a path key (never sent by Entra, but harmless) means "remove that attribute".
                separate.add(e.getValue().isNull() ? removal(key) : operation(name, key, e.getValue()));
            } else if (schemaObject && e.getValue() instanceof ObjectNode ext) {
                ObjectNode fixed = ext.deepCopy();
                fixValues(key, fixed);
                rest.set(key, fixed);
            } else {
                rest.set(key, fixValue("", key, null, e.getValue()));
            }
        }
        if (!rest.isEmpty()) {
            out.add(EmployeeMapper.MAPPER.createObjectNode().put("op", name).set("value", rest));
        }
        separate.forEach(out::add);
    }

    private static ObjectNode removal(String path) {
        return EmployeeMapper.MAPPER.createObjectNode().put("op", "remove").put("path", path);
    }

    private ObjectNode operation(String name, String pathText, JsonNode value) throws BadRequestException {
        ObjectNode op = EmployeeMapper.MAPPER.createObjectNode().put("op", name).put("path", pathText);
        if (value == null) {
            return op;
        }
        Path path;
        try {
            path = Path.fromString(pathText);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidPath("PATCH path '" + pathText + "' does not parse: " + e.getMessage());
        }
        if (path.isRoot()) {
            if (value instanceof ObjectNode v) {
                ObjectNode fixed = v.deepCopy();
                fixValues(path.getSchemaUrn() == null ? "" : path.getSchemaUrn(), fixed);
                op.set("value", fixed);
            } else {
                op.set("value", value);
            }
            return op;
        }
        String urn = path.getSchemaUrn();
        String urnKey = urn == null || urn.equalsIgnoreCase(UserMapping.CORE_URN) ? "" : urn.toLowerCase(Locale.ROOT);
        String sub = path.size() > 1 ? path.getElement(path.size() - 1).getAttribute() : null;
        op.set("value", fixValue(urnKey, path.getElement(0).getAttribute(), path.size() > 1 ? sub : null, value));
        return op;
    }

    /** Fixes every attribute of a no-path (or schema-object) value. */
    private void fixValues(String urn, ObjectNode values) {
        String urnKey = urn.isEmpty() || urn.equalsIgnoreCase(UserMapping.CORE_URN) ? "" : urn.toLowerCase(Locale.ROOT);
        List<String> keys = new ArrayList<>();
        values.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            values.set(k, fixValue(urnKey, k, null, values.get(k)));
        }
    }

    /** String booleans → booleans; a bare or single-element-array manager → {"value": id}. */
    private JsonNode fixValue(String urnKey, String attr, String sub, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (attr.equalsIgnoreCase("manager") && sub == null
                && urnKey.equals(UserMapping.ENTERPRISE_URN.toLowerCase(Locale.ROOT))) {
            if (value.isTextual()) {
                IdpQuirks.seen(IdpQuirks.MANAGER_SHAPE);
                return EmployeeMapper.MAPPER.createObjectNode().put("value", value.asText());
            }
            if (value.isArray() && value.size() == 1 && value.get(0).isObject()) {
                IdpQuirks.seen(IdpQuirks.MANAGER_SHAPE);
                return value.get(0);
            }
            return value;
        }
        if (value.isTextual()) {
            for (AttributeRule r : mapping.resolve(urnKey, attr, sub, null)) {
                if (r.type() == FieldType.BOOLEAN || r.type() == FieldType.STATUS) {
                    String t = value.asText().trim();
                    if (t.equalsIgnoreCase("true")) {
                        IdpQuirks.seen(IdpQuirks.STRING_BOOLEAN);
                        return BooleanNode.TRUE;
                    }
                    if (t.equalsIgnoreCase("false")) {
                        IdpQuirks.seen(IdpQuirks.STRING_BOOLEAN);
                        return BooleanNode.FALSE;
                    }
                }
            }
        }
        return value;
    }
}
