package io.ivantiscim.scim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The discovery documents (RFC 7643 §5–7), read once from the {@code scim-schemas/*.json} files bundled in the jar,
 * the same files the build test parses into the SDK's schema types. Each call returns a fresh copy so that callers can
 * add {@code meta} without touching the cached original.
 */
@ApplicationScoped
public class SchemaRegistry {

    /** URN of the Ivanti extension, whose attribute list also carries the configured custom attributes. */
    public static final String IVANTI_USER_URN = "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User";

    static final List<String> SCHEMA_FILES = List.of("User.json", "EnterpriseUser.json", "IvantiUser.json",
            "Group.json");
    static final List<String> RESOURCE_TYPE_FILES = List.of("ResourceType-User.json", "ResourceType-Group.json");
    static final String SERVICE_PROVIDER_CONFIG_FILE = "ServiceProviderConfig.json";

    private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();
    private final Map<String, ObjectNode> resourceTypes = new LinkedHashMap<>();
    private final ObjectNode serviceProviderConfig;

    SchemaRegistry(ObjectMapper mapper, CustomAttributeSchema customAttributes) {
        for (String file : SCHEMA_FILES) {
            ObjectNode schema = read(mapper, file);
            if (IVANTI_USER_URN.equals(schema.path("id").asText())) {
                customAttributes.appendTo(schema.withArray("attributes"));
            }
            schemas.put(schema.path("id").asText(), schema);
        }
        for (String file : RESOURCE_TYPE_FILES) {
            ObjectNode resourceType = read(mapper, file);
            resourceTypes.put(resourceType.path("id").asText(), resourceType);
        }
        serviceProviderConfig = read(mapper, SERVICE_PROVIDER_CONFIG_FILE);
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
