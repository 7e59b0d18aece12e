package io.ivantiscim.mapping;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;

/** Shared fixtures: the default table plus a few custom attributes, built without CDI. */
final class TestMappings {

    static final String ENT = UserMapping.ENTERPRISE_URN;
    static final String IVT = UserMapping.IVANTI_URN;

    private TestMappings() {
    }

    static UserMapping.Settings settings() {
        return UserMapping.Settings.defaults().withCustom(Map.of(
                "costCode",
                new UserMapping.CustomAttribute("ivnt_CostCode", "integer", Optional.of("Cost code"), true, true),
                "hireDate", new UserMapping.CustomAttribute("HiredDate", "dateTime", Optional.empty(), true, true),
                "rate", new UserMapping.CustomAttribute("ivnt_Rate", "decimal", Optional.empty(), true, true),
                "badge", new UserMapping.CustomAttribute("ivnt_Badge", "string", Optional.empty(), false, false)));
    }

    static UserMapping mapping() {
        return UserMapping.of(settings());
    }

    static EmployeeMapper mapper() {
        return EmployeeMapper.of(mapping(), ZoneId.of("UTC"));
    }

    static ObjectNode json(String text) {
        try {
            return ScimMapper.MAPPER.readValue(text, ObjectNode.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Compares JSON structurally, whatever node classes (case-insensitive or not) and decimal scales are involved. */
    static void assertJson(String expected, JsonNode actual) {
        try {
            ObjectMapper plain = new ObjectMapper();
            Assertions.assertEquals(plain.readTree(expected), plain.readTree(actual.toString()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static GenericScimResource resource(String text) {
        return new GenericScimResource(json(text));
    }
}
