package io.ivantiscim.mapping;

import static io.ivantiscim.mapping.TestMappings.assertJson;
import static io.ivantiscim.mapping.TestMappings.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

class PatchEngineTest {

    private static final String ENT = TestMappings.ENT;
    private static final String IVT = TestMappings.IVT;
    private static final String Q = "\\\"";

    private final PatchEngine normaliser = new PatchEngine(TestMappings.mapping(), 100);

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("Entra 2017: title-cased op, \"False\" string",
                        "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]",
                        "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"),
                Arguments.of("Entra 2017: Add on a value path keeps the string",
                        "[{\"op\":\"Add\",\"path\":\"emails[type eq " + Q + "work" + Q
                                + "].value\",\"value\":\"True\"}]",
                        "[{\"op\":\"add\",\"path\":\"emails[type eq " + Q + "work" + Q
                                + "].value\",\"value\":\"True\"}]"),
                Arguments.of("Entra aadOptscim062020: dotted and URN keys split",
                        "[{\"op\":\"replace\",\"value\":{\"displayName\":\"D\",\"name.givenName\":\"G\",\"" + ENT
                                + ":employeeNumber\":\"7\"}}]",
                        "[{\"op\":\"replace\",\"value\":{\"displayName\":\"D\"}},"
                                + "{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"G\"},"
                                + "{\"op\":\"replace\",\"path\":\"" + ENT + ":employeeNumber\",\"value\":\"7\"}]"),
                Arguments.of("Okta deactivate: no path, real boolean",
                        "[{\"op\":\"replace\",\"value\":{\"active\":false}}]",
                        "[{\"op\":\"replace\",\"value\":{\"active\":false}}]"),
                Arguments.of("string boolean inside a no-path value and an extension object",
                        "[{\"op\":\"replace\",\"value\":{\"active\":\"True\",\"" + IVT + "\":{\"vip\":\"false\"}}}]",
                        "[{\"op\":\"replace\",\"value\":{\"active\":true,\"" + IVT + "\":{\"vip\":false}}}]"),
                Arguments.of("URN-qualified boolean key",
                        "[{\"op\":\"replace\",\"value\":{\"" + IVT + ":vip\":\"TRUE\"}}]",
                        "[{\"op\":\"replace\",\"path\":\"" + IVT + ":vip\",\"value\":true}]"),
                Arguments.of("Entra manager as a bare id",
                        "[{\"op\":\"Add\",\"path\":\"" + ENT + ":manager\",\"value\":\"271\"}]",
                        "[{\"op\":\"add\",\"path\":\"" + ENT + ":manager\",\"value\":{\"value\":\"271\"}}]"),
                Arguments.of("Entra manager as an array",
                        "[{\"op\":\"Add\",\"path\":\"" + ENT
                                + ":manager\",\"value\":[{\"$ref\":null,\"value\":\"271\"}]}]",
                        "[{\"op\":\"add\",\"path\":\"" + ENT
                                + ":manager\",\"value\":{\"$ref\":null,\"value\":\"271\"}}]"),
                Arguments.of("Entra manager remove with a value filter",
                        "[{\"op\":\"Remove\",\"path\":\"" + ENT + ":manager[value eq " + Q + "1" + Q + "]\"}]",
                        "[{\"op\":\"remove\",\"path\":\"" + ENT + ":manager[value eq " + Q + "1" + Q + "]\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void normalises(String name, String operations, String expected) throws Exception {
        JsonNode out = ScimMapper.MAPPER.valueToTree(normaliser.normalise(body(operations), UserMapping.CORE_URN));
        assertJson(expected, out.get("Operations"));
    }

    static Stream<Arguments> invalid() {
        String schemas = "\"schemas\":[\"" + PatchEngine.PATCH_OP_URN + "\"],";
        return Stream.of(
                // RFC 7644 §3.5.2: the message names its schema; Users and Groups refuse it alike.
                Arguments.of("{\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"}]}",
                        "invalidSyntax", "PatchOp"),
                Arguments.of("{\"schemas\":[]}", "invalidSyntax", "PatchOp"),
                Arguments.of("{" + schemas + "\"Operations\":[]}", "invalidSyntax", "Operations"),
                Arguments.of("{" + schemas + "\"Operations\":[{\"op\":\"Move\",\"path\":\"title\"}]}",
                        "invalidSyntax", "Unknown PATCH op"),
                Arguments.of("{" + schemas + "\"Operations\":[{\"path\":\"title\"}]}", "invalidSyntax", "'op'"),
                Arguments.of("{" + schemas
                        + "\"Operations\":[{\"op\":\"add\",\"path\":\"emails[type eq]\",\"value\":\"x\"}]}",
                        "invalidPath", "does not parse"));
    }

    /** The Group dialects go through the same normalisation (docs/idp-contracts.md §2 items 21–22, §3 items 9–10). */
    static Stream<Arguments> groupBodies() {
        String group = "urn:ietf:params:scim:schemas:core:2.0:Group";
        return Stream.of(
                Arguments.of("Entra 2017: title-cased member remove with a value array",
                        "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"A1\"}]}]",
                        "[{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"A1\"}]}]"),
                Arguments.of("core Group URN on a path is dropped",
                        "[{\"op\":\"replace\",\"path\":\"" + group + ":displayName\",\"value\":\"N\"}]",
                        "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"N\"}]"),
                Arguments.of("core Group URN key in a no-path value is dropped",
                        "[{\"op\":\"replace\",\"value\":{\"id\":\"G1\",\"" + group + ":displayName\":\"N\"}}]",
                        "[{\"op\":\"replace\",\"value\":{\"id\":\"G1\"}},"
                                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"N\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupBodies")
    void normalisesGroupDialects(String name, String operations, String expected) throws Exception {
        JsonNode out = ScimMapper.MAPPER.valueToTree(normaliser.normalise(body(operations), TeamMapper.GROUP_URN));
        assertJson(expected, out.get("Operations"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("invalid")
    void rejects(String body, String scimType, String detail) {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> normaliser.normalise(json(body), UserMapping.CORE_URN));
        assertEquals(scimType, e.getScimError().getScimType());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    static Stream<Arguments> memberRuns() {
        String r = "{\"op\":\"remove\",\"path\":\"members[value eq \\\"%s\\\"]\"}";
        return Stream.of(
                Arguments.of("removes by value filter, one absent, case ignored",
                        "[" + r.formatted("zz") + "," + r.formatted("m2") + "]"),
                Arguments.of("removes emptying the attribute", "[" + r.formatted("m1") + "," + r.formatted("M2") + "]"),
                Arguments.of("adds with duplicates inside and with what is there",
                        "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"m1\",\"display\":\"d\"},"
                                + "{\"value\":\"m3\"},{\"value\":\"m3\"}]},"
                                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"m1\"}]}]"),
                Arguments.of("Entra's remove with a value array after an add",
                        "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"m4\"}]},"
                                + "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"M1\"},"
                                + "{\"value\":\"nope\"}]}," + r.formatted("m4") + "]"),
                Arguments.of("a remove, then the same member added back",
                        "[" + r.formatted("m1") + ",{\"op\":\"add\",\"path\":\"members\",\"value\":"
                                + "[{\"value\":\"m1\",\"display\":\"d\"}]}]"));
    }

    /** A run of member operations applied at once gives what the SDK gives applying them one request at a time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("memberRuns")
    void memberRunsMatchTheSdkOneOperationAtATime(String name, String operations) throws Exception {
        GenericScimResource group = TestMappings.resource("{\"schemas\":[\"" + TeamMapper.GROUP_URN
                + "\"],\"id\":\"G\",\"displayName\":\"g\",\"members\":[{\"value\":\"m1\",\"display\":\"d\"},"
                + "{\"value\":\"M2\"}]}");
        GenericScimResource together = normaliser.apply(normaliser.normalise(body(operations), TeamMapper.GROUP_URN),
                group);
        GenericScimResource oneByOne = group;
        for (JsonNode op : json("{\"o\":" + operations + "}").get("o")) {
            oneByOne = normaliser.apply(normaliser.normalise(body("[" + op + "]"), TeamMapper.GROUP_URN), oneByOne);
        }
        assertJson(oneByOne.getObjectNode().toString(), together.getObjectNode());
    }

    @org.junit.jupiter.api.Test
    void moreOperationsThanTheBoundAre413() {
        String op = "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t\"}";
        ScimException e = assertThrows(ScimException.class, () -> normaliser.normalise(body("["
                + String.join(",", java.util.Collections.nCopies(101, op)) + "]"), UserMapping.CORE_URN));
        assertEquals(413, e.getScimError().getStatus());
    }

    private static JsonNode body(String operations) {
        return json(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}");
    }
}
