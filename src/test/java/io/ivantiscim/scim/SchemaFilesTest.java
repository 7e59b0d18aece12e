package io.ivantiscim.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;

/** Every file in {@code scim-schemas/} parses into the SDK's RFC 7643 types, so /Schemas can never serve junk. */
class SchemaFilesTest {

    private static final ObjectMapper MAPPER = new ScimJson().objectMapper();

    static Stream<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scim-schemas"))) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertFalse(list.isEmpty(), "scim-schemas/ has no JSON files");
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void parsesIntoTheSdkType(Path file) throws IOException {
        JsonNode node = MAPPER.readTree(file.toFile());
        String name = file.getFileName().toString();
        if (name.startsWith("ResourceType-")) {
            ResourceTypeResource type = MAPPER.treeToValue(node, ResourceTypeResource.class);
            assertNotNull(type.getSchema(), name);
            assertEquals("/" + type.getName() + "s", type.getEndpoint().toString(), name);
        } else if (name.equals("ServiceProviderConfig.json")) {
            ServiceProviderConfigResource spc = MAPPER.treeToValue(node, ServiceProviderConfigResource.class);
            assertFalse(spc.getAuthenticationSchemes().isEmpty(), name);
        } else {
            SchemaResource schema = MAPPER.treeToValue(node, SchemaResource.class);
            assertNotNull(schema.getId(), name);
            assertFalse(schema.getAttributes().isEmpty(), name);
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyFileIsServed(Path file) {
        String name = file.getFileName().toString();
        boolean served = SchemaRegistry.USER_FILE.equals(name) || SchemaRegistry.GROUP_FILE.equals(name)
                || SchemaRegistry.EXTENSION_FILES.containsValue(name)
                || SchemaRegistry.RESOURCE_TYPE_FILES.contains(name)
                || SchemaRegistry.SERVICE_PROVIDER_CONFIG_FILE.equals(name);
        assertTrue(served, name + " is not read by SchemaRegistry");
    }
}
