package io.ivantiscim.mapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

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
import com.unboundid.scim2.common.utils.CaseIgnoreObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.ivantiscim.config.BridgeConfig;

/**
 * The one PATCH engine of the bridge, for Users and Groups alike: it brings the PATCH dialects real IdPs send into the
 * RFC 7644 §3.5.2 shape of the SDK's {@link PatchRequest} ({@link #normalise(JsonNode, String)}) and applies that to
 * the resource's current SCIM view ({@link #apply(PatchRequest, GenericScimResource)}); each service then turns the
 * patched view into Ivanti writes. The same mistakes get the same SCIM errors on both resources.
 * <ul>
 * <li>{@code schemas} must name the PatchOp message (RFC 7644 §3.5.2; Okta and Entra both send it).</li>
 * <li>{@code op} in any case ({@code "Replace"}, Entra without {@code aadOptscim062020}).</li>
 * <li>{@code "True"}/{@code "False"} strings for boolean attributes (Entra's IsSoftDeleted mapping).</li>
 * <li>No-path values whose keys are dotted or schema-qualified paths (Entra with {@code aadOptscim062020}) become one
 * operation per key; the SDK would otherwise store {@code "name.givenName"} as a literal attribute name.</li>
 * <li>{@code manager} sent as a bare id or a one-element array becomes {@code {"value": id}}.</li>
 * <li>Paths and keys qualified with the resource's own core schema URN ({@code urn:…:core:2.0:Group:displayName})
 * lose the URN (RFC 7644 §3.10 allows either form), so the patched view has one shape.</li>
 * <li>{@code add}/{@code replace} of a path with {@code "value": null} is a remove of that path (RFC 7643 §2.5).</li>
 * <li>Entra's member remove with a value array ({@code "path":"members","value":[{"value":id}]}) is applied by the SDK
 * as a remove of those members.</li>
 * </ul>
 * {@link #apply(JsonNode, GenericScimResource)} also treats {@code add}/{@code replace} on a value-filtered
 * sub-attribute ({@code emails[type eq "work"].value}) as "set": the SDK rejects {@code add} when the value exists and
 * {@code replace} when no element matches, and Entra sends either (RFC 7644 §3.5.2.1: add to a single-valued target
 * replaces it).
 */
@Singleton
public class PatchEngine {

    /** The schema of a PATCH request body (RFC 7644 §3.5.2). */
    public static final String PATCH_OP_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final Set<String> OPS = Set.of("add", "replace", "remove");

    private final UserMapping mapping;
    private final int maxOperations;

    /** CDI constructor. */
    @Inject
    public PatchEngine(UserMapping mapping, BridgeConfig config) {
        this(mapping, config.scim().maxPatchOperations());
    }

    /** An engine refusing requests with more than {@code maxOperations} operations (bridge.scim.max-patch-operations). */
    public PatchEngine(UserMapping mapping, int maxOperations) {
        this.mapping = mapping;
        this.maxOperations = maxOperations;
    }

    /**
     * Normalises a PATCH body as the IdP sent it and parses it with the SDK.
     *
     * @param coreUrn the core schema URN of the resource patched ({@link UserMapping#CORE_URN},
     *        {@link TeamMapper#GROUP_URN})
     * @throws BadRequestException {@code invalidSyntax} for a body that is not a PatchOp message,
     *         {@code invalidPath} for a path that does not parse
     * @throws ScimException 413 for more operations than bridge.scim.max-patch-operations, before any is read
     */
    public PatchRequest normalise(JsonNode body, String coreUrn) throws ScimException {
        if (!(body instanceof ObjectNode)) {
            throw BadRequestException.invalidSyntax("The PATCH body must be a JSON object (RFC 7644 §3.5.2)");
        }
        // Read only, never changed below: a case-ignoring body (every body the bridge parses) is read as it is, any
        // other is copied into one so that "operations" finds "Operations" (issue 14: a deep copy per PATCH).
        ObjectNode request = body instanceof CaseIgnoreObjectNode o ? o : ScimMapper.copy((ObjectNode) body);
        if (!namesPatchOp(request.get("schemas"))) {
            throw BadRequestException.invalidSyntax("A PATCH body must be a PatchOp message: \"schemas\": [\""
                    + PATCH_OP_URN + "\"] (RFC 7644 §3.5.2)");
        }
        JsonNode ops = request.get("Operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw BadRequestException.invalidSyntax("The PATCH body must carry a non-empty 'Operations' array");
        }
        if (ops.size() > maxOperations) {
            // RFC 7644 §3.7.4 answers a Bulk request over maxOperations with 413; one PATCH over its bound is alike.
            throw new ScimException(413, null, "The PATCH carries " + ops.size()
                    + " operations, more than the " + maxOperations + " this bridge accepts in one request "
                    + "(bridge.scim.max-patch-operations); split it.");
        }
        ArrayNode out = ScimMapper.MAPPER.createArrayNode();
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
            if (!name.equals("remove") && value != null && value.isNull() && path != null && path.isTextual()) {
                // RFC 7643 §2.5: null is unassigned, so a set to null is a remove; Microsoft's validation clears
                // attributes so (docs/idp-contracts.md §4), while the SDK refuses a null value outright.
                name = "remove";
                value = null;
            }
            if (name.equals("remove") && (path == null || path.isNull())) {
                throw BadRequestException.noTarget("A remove operation needs a 'path' naming what to remove "
                        + "(RFC 7644 §3.5.2.2)");
            }
            if (path != null && !path.isNull()) {
                if (!path.isTextual()) {
                    throw BadRequestException.invalidSyntax("A PATCH 'path' must be a string");
                }
                if (path.asText().isBlank()) {
                    // RFC 7644 §3.5.2: a path is an attribute path; "" is none (leave "path" out to patch the resource).
                    throw BadRequestException.invalidPath("A PATCH 'path' must not be empty; leave it out to apply "
                            + "the value to the whole resource (RFC 7644 §3.5.2).");
                }
                out.add(operation(name, path.asText(), value, coreUrn));
            } else if (value instanceof ObjectNode v && !name.equals("remove")) {
                IdpQuirks.seen(IdpQuirks.NO_PATH_VALUE);
                split(name, v, out, coreUrn);
            } else {
                out.add(((ObjectNode) op.deepCopy()).put("op", name));
            }
        }
        ObjectNode normalised = ScimMapper.MAPPER.createObjectNode();
        normalised.putArray("schemas").add(PATCH_OP_URN);
        normalised.set("Operations", out);
        try {
            return ScimMapper.MAPPER.treeToValue(normalised, PatchRequest.class);
        } catch (IOException e) {
            throw BadRequestException.invalidSyntax("The PATCH body is not a valid PatchOp message: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Applies a {@link #normalise(JsonNode, String) normalised} request, one operation at a time, to a copy of
     * {@code before} (the resource's current SCIM view); {@code before} itself is left as it is.
     * <p>
     * The work is linear in the number of operations. The SDK applies each operation by scanning the whole
     * multi-valued attribute it targets, so Okta's one {@code remove members[value eq "…"]} per member made a 2,000-member
     * change cost 4 million filter evaluations (36 s, issue 15 item 1). A run of consecutive adds of value arrays and
     * removes by {@code value} on one multi-valued attribute is therefore applied here with an index, with the SDK's
     * results: an add appends each value not already present, a remove drops every element whose {@code value}
     * matches, ignoring case as the SDK's filter evaluation does, and an emptied attribute is removed.
     */
    public GenericScimResource apply(PatchRequest request, GenericScimResource before) throws ScimException {
        return new GenericScimResource(apply(request, before.getObjectNode().deepCopy(), false));
    }

    private static ObjectNode apply(PatchRequest request, ObjectNode node, boolean dryRun) throws ScimException {
        List<PatchOperation> ops = request.getOperations();
        for (int i = 0; i < ops.size();) {
            String attribute = MultiValuedRun.attribute(ops.get(i), node);
            int end = i + 1;
            while (attribute != null && end < ops.size()
                    && attribute.equalsIgnoreCase(MultiValuedRun.attribute(ops.get(end), node))) {
                end++;
            }
            if (end - i > 1) {
                MultiValuedRun.apply(node, attribute, ops.subList(i, end));
            } else {
                try {
                    setSemantics(ops.get(i), node).apply(node);
                } catch (ScimException e) {
                    if (!dryRun) {
                        throw e;
                    }
                    // Not applicable to a dry run's seed; see dryRun.
                }
            }
            i = end;
        }
        return node;
    }

    /**
     * The request applied to {@code seed} (a resource holding only what the service needs present), for checking the
     * values a PATCH sets before Ivanti is read. An operation that cannot apply to the seed is skipped: whether it
     * applies depends on the real resource, which the real {@link #apply} then decides.
     */
    public GenericScimResource dryRun(PatchRequest request, ObjectNode seed) throws ScimException {
        return new GenericScimResource(apply(request, ScimMapper.copy(seed), true));
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

    private void split(String name, ObjectNode value, ArrayNode out, String coreUrn) throws BadRequestException {
        ObjectNode rest = ScimMapper.MAPPER.createObjectNode();
        List<ObjectNode> separate = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String key = e.getKey();
            boolean schemaObject = key.equalsIgnoreCase(UserMapping.ENTERPRISE_URN)
                    || key.equalsIgnoreCase(UserMapping.IVANTI_URN);
            if (key.equalsIgnoreCase(coreUrn) && e.getValue() instanceof ObjectNode core) {
                // The core schema's own object: its attributes are the resource's top-level attributes.
                ObjectNode fixed = core.deepCopy();
                fixValues("", fixed);
                rest.setAll(fixed);
            } else if (!schemaObject && (key.contains(".") || key.toLowerCase(Locale.ROOT).startsWith("urn:"))) {
                IdpQuirks.seen(key.toLowerCase(Locale.ROOT).startsWith("urn:")
                        ? IdpQuirks.NO_PATH_URN_KEY
                        : IdpQuirks.NO_PATH_DOTTED_KEY);
                // A null under a path key (never sent by Entra, but harmless) means "remove that attribute".
                separate.add(e.getValue().isNull()
                        ? removal(unqualified(parse(key), coreUrn).toString())
                        : operation(name, key, e.getValue(), coreUrn));
            } else if (schemaObject && e.getValue() instanceof ObjectNode ext) {
                ObjectNode fixed = ext.deepCopy();
                fixValues(key, fixed);
                rest.set(key, fixed);
            } else {
                rest.set(key, fixValue("", key, null, e.getValue()));
            }
        }
        if (!rest.isEmpty()) {
            out.add(ScimMapper.MAPPER.createObjectNode().put("op", name).set("value", rest));
        }
        separate.forEach(out::add);
    }

    private static ObjectNode removal(String path) {
        return ScimMapper.MAPPER.createObjectNode().put("op", "remove").put("path", path);
    }

    private static Path parse(String pathText) throws BadRequestException {
        try {
            return Path.fromString(pathText);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidPath("PATCH path '" + pathText + "' does not parse: " + e.getMessage());
        }
    }

    /** The path without the resource's own core schema URN, which RFC 7644 §3.10 makes optional. */
    private static Path unqualified(Path path, String coreUrn) {
        if (path.getSchemaUrn() == null || !path.getSchemaUrn().equalsIgnoreCase(coreUrn) || path.isRoot()) {
            return path;
        }
        Path out = Path.root();
        for (Path.Element element : path) {
            out = out.attribute(element.getAttribute(), element.getValueFilter());
        }
        return out;
    }

    private ObjectNode operation(String name, String pathText, JsonNode value, String coreUrn)
            throws BadRequestException {
        // Before any parse, also the SDK's own of a valueless operation below: both recurse once per level.
        ODataFilterTranslator.checkNesting(pathText, "PATCH path");
        Path parsed;
        try {
            parsed = parse(pathText);
        } catch (BadRequestException e) {
            if (value != null) {
                throw e;
            }
            // A valueless operation keeps its text: the SDK's own parse of the message names the error.
            return ScimMapper.MAPPER.createObjectNode().put("op", name).put("path", pathText);
        }
        Path path = unqualified(parsed, coreUrn);
        ObjectNode op = ScimMapper.MAPPER.createObjectNode().put("op", name)
                .put("path", path == parsed ? pathText : path.toString());
        if (value == null) {
            return op;
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
        String urnKey = AttributeRule.urnKey(path.getSchemaUrn());
        String sub = path.size() > 1 ? path.getElement(path.size() - 1).getAttribute() : null;
        op.set("value", fixValue(urnKey, path.getElement(0).getAttribute(), path.size() > 1 ? sub : null, value));
        return op;
    }

    /** Fixes every attribute of a no-path (or schema-object) value. */
    private void fixValues(String urn, ObjectNode values) {
        String urnKey = AttributeRule.urnKey(urn.isEmpty() ? null : urn);
        List<String> keys = new ArrayList<>();
        values.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            values.set(k, fixValue(urnKey, k, null, values.get(k)));
        }
    }

    private static boolean namesPatchOp(JsonNode schemas) {
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                if (s.asText().equalsIgnoreCase(PATCH_OP_URN)) {
                    return true;
                }
            }
        }
        return false;
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
                return ScimMapper.MAPPER.createObjectNode().put("value", value.asText());
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
