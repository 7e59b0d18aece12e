package io.ivantiscim.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.unboundid.scim2.common.utils.MapperFactory;

import io.ivantiscim.mapping.ScimMapper;

/**
 * The answer bytes are those of the SDK's serialisation: a resource as the SDK's writer writes its object, a list as
 * a mapper of the SDK's configuration writes the bean (each resource through the SDK's serializer).
 */
class ScimBodyWriterTest {

    /** The SDK's configuration with the application's modules, without its read limits. */
    private static final ObjectMapper SDK_LIST_MAPPER = new MapperFactory().createBuilder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .build();

    static Stream<String> resources() {
        return Stream.of(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"1A2B\",\"userName\":\"ada\"}",
                """
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"0F3C9E1D",
                        "userName":"Ada@Example.com",
                        "name":{"givenName":"Ada","familyName":"Lovelace","formatted":"Ada Lovelace"},
                        "active":true,
                        "emails":[{"value":"ada@example.com","type":"work","primary":true},
                        {"value":"a@h","type":"home"}],"phoneNumbers":[],
                        "title":"Countess \\"of\\" Lovelace – ünïcødé ☃ \\u0007","costCenter":12.5000,
                        "employeeCount":123456789012,"nothing":null,"flag":false,
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D <eng>",
                        "manager":{"value":"77","displayName":"Babbage"}},
                        "meta":{"resourceType":"User","created":"2024-01-31T12:34:56Z",
                        "lastModified":"2024-02-01T00:00:00.5Z",
                        "location":"https://bridge.example/scim/v2/Users/0F3C9E1D",
                        "version":"W/\\"0123456789abcdef\\""}}
                        """);
    }

    @ParameterizedTest
    @MethodSource("resources")
    void writesAResourceAsTheSdk(String json) throws Exception {
        GenericScimResource resource = new GenericScimResource((ObjectNode) ScimMapper.MAPPER.readTree(json));
        String expected = JsonUtils.getObjectWriter().writeValueAsString(resource.getObjectNode());
        assertEquals(expected, new String(ScimBodyWriter.bytes(resource), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("resources")
    void writesAListAsTheSdk(String json) throws Exception {
        List<GenericScimResource> resources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            resources.add(new GenericScimResource((ObjectNode) ScimMapper.MAPPER.readTree(json)));
        }
        for (ListResponse<GenericScimResource> list : List.of(new ListResponse<>(3, resources, 1, 3),
                new ListResponse<>(0, List.<GenericScimResource>of(), 1, 0),
                new ListResponse<>(250, 11, 3, null, "next-cursor", resources))) {
            String expected = SDK_LIST_MAPPER.writer().writeValueAsString(list);
            assertEquals(expected, new String(ScimBodyWriter.bytes(list), StandardCharsets.UTF_8));
        }
    }
}
