package io.ivantiscim.mapping;

import static io.ivantiscim.mapping.TestMappings.assertJson;
import static io.ivantiscim.mapping.TestMappings.json;
import static io.ivantiscim.mapping.TestMappings.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;

class EmployeeMapperTest {

    private static final String ENT = TestMappings.ENT;
    private static final String IVT = TestMappings.IVT;
    private static final String BASE = "https://scim.example.com/scim/v2/Users";

    private final EmployeeMapper mapper = TestMappings.mapper();
    private final PatchEngine patches = new PatchEngine(TestMappings.mapping(), 100);

    // ------------------------------------------------------------------------------------------------ toUser

    static Stream<Arguments> users() {
        return Stream.of(
                Arguments.of("full employee, UTC tenant, no password, unset dates absent", "UTC",
                        """
                                {"RecId":"AB12","LoginID":"jdoe@x.org","IdentityId":"00u1","FirstName":"Jane","MiddleName":"Q",
                                 "LastName":"Doe","DisplayName":"Jane Q Doe","Title":"","Language":null,"PrimaryEmail":"jdoe@x.org",
                                 "Phone1":"+1 555","Phone2":"","Address1City":"Oslo","Status":"Active","Department":"IT",
                                 "ManagerLink_RecID":"MGR1","Supervisor":"Max Boss","VIP":true,"Team":"Desk","CostCentre":"",
                                 "CreatedDateTime":"2026-01-01T10:00:00Z","LastModDateTime":"2026-02-01T10:00:00+05:30",
                                 "InternalAuthPasswd":"secret","HiredDate":"0001-01-01T00:00:00Z","ivnt_CostCode":"12",
                                 "ivnt_Rate":"0.5000"}""",
                        """
                                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                                            "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User"],
                                 "id":"AB12","userName":"jdoe@x.org","externalId":"00u1",
                                 "name":{"givenName":"Jane","familyName":"Doe","middleName":"Q","formatted":"Jane Q Doe"},
                                 "displayName":"Jane Q Doe",
                                 "emails":[{"type":"work","value":"jdoe@x.org","primary":true}],
                                 "phoneNumbers":[{"type":"work","value":"+1 555","primary":true}],
                                 "addresses":[{"type":"work","locality":"Oslo","primary":true}],
                                 "active":true,
                                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"IT",
                                      "manager":{"value":"MGR1","displayName":"Max Boss"}},
                                 "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User":{"team":"Desk","vip":true,"status":"Active",
                                      "costCode":12,"rate":0.5000},
                                 "meta":{"resourceType":"User","created":"2026-01-01T10:00:00Z","lastModified":"2026-02-01T04:30:00Z",
                                      "location":"https://scim.example.com/scim/v2/Users/AB12"}}"""),
                Arguments.of("no-offset dates in the tenant zone; inactive; mobile only gets primary", "Europe/Oslo",
                        """
                                {"RecId":"C3","LoginID":"bob","Status":"Terminated","Phone2":"+47 1","VIP":"false",
                                 "CreatedDateTime":"2026-07-01T12:00:00","LastModDateTime":null}""",
                        """
                                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:ivanti:2.0:User"],
                                 "id":"C3","userName":"bob","active":false,
                                 "phoneNumbers":[{"type":"mobile","value":"+47 1","primary":true}],
                                 "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User":{"vip":false,"status":"Terminated"},
                                 "meta":{"resourceType":"User","created":"2026-07-01T10:00:00Z",
                                      "location":"https://scim.example.com/scim/v2/Users/C3"}}"""),
                Arguments.of("Status compared case-insensitively", "UTC", """
                        {"RecId":"D4","LoginID":"c","Status":"ACTIVE"}""",
                        """
                                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:ivanti:2.0:User"],
                                 "id":"D4","userName":"c","active":true,
                                 "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User":{"status":"ACTIVE"},
                                 "meta":{"resourceType":"User","location":"https://scim.example.com/scim/v2/Users/D4"}}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("users")
    void toUser(String name, String zone, String employee, String expected) {
        EmployeeMapper m = EmployeeMapper.of(TestMappings.mapping(), ZoneId.of(zone));
        ObjectNode user = m.toUser(json(employee), BASE).getObjectNode();
        String version = user.get("meta").get("version").asText();
        assertTrue(version.matches("W/\"[0-9a-f]{32}\""), version);
        ((ObjectNode) user.get("meta")).remove("version");
        assertJson(expected, user);
        assertFalse(user.toString().contains("secret"));
    }

    @Test
    void versionChangesWithAnyMappedField() {
        String a = mapper.toUser(json("{\"RecId\":\"A\",\"LoginID\":\"x\",\"Team\":\"T1\"}"), BASE).getMeta()
                .getVersion();
        String b = mapper.toUser(json("{\"RecId\":\"A\",\"LoginID\":\"x\",\"Team\":\"T2\"}"), BASE).getMeta()
                .getVersion();
        String c = mapper.toUser(json("{\"RecId\":\"A\",\"LoginID\":\"x\",\"Team\":\"T1\",\"Unmapped\":1}"), BASE)
                .getMeta()
                .getVersion();
        assertNotEquals(a, b);
        assertEquals(a, c);
    }

    /** The ETag hashes each value as {@link JsonNode#toString()} writes it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("etagValues")
    void etagTextIsJacksonsText(String json) throws Exception {
        JsonNode value = new ObjectMapper().readTree(json);
        StringBuilder out = new StringBuilder();
        EmployeeMapper.appendJson(out, value);
        assertEquals(value.toString(), out.toString());
    }

    static Stream<String> etagValues() {
        return Stream.of("\"plain\"", "\"\"", "\"quote \\\" and backslash \\\\\"",
                "\"tab\\t newline\\n cr\\r \\u0001 \\u001f\"", "\"ünïcödé € \\u2028 😀\"", "\"</script>\"", "0",
                "-42", "9223372036854775807", "123456789012345678901234567890", "1.5", "0.0000", "true", "false",
                "null", "{\"a\":[1,\"x\"]}", "[]");
    }

    /** Each of Ivanti's date forms (docs/ivanti-api.md §2.4, §8.14) reads whichever is tried first. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ivantiDates")
    void ivantiDates(String text, String expected) {
        EmployeeMapper m = EmployeeMapper.of(TestMappings.mapping(), ZoneId.of("Europe/Berlin"));
        assertEquals(Optional.ofNullable(expected).map(Instant::parse), m.ivantiInstant(text));
    }

    static Stream<Arguments> ivantiDates() {
        return Stream.of(Arguments.of("2024-03-01T10:15:30Z", "2024-03-01T10:15:30Z"),
                Arguments.of("2024-03-01T10:15:30+05:30", "2024-03-01T04:45:30Z"),
                Arguments.of("2024-03-01T10:15:30-02:00", "2024-03-01T12:15:30Z"),
                Arguments.of("2024-03-01T10:15:30", "2024-03-01T09:15:30Z"),
                Arguments.of("2024-03-01T10:15:30.123", "2024-03-01T09:15:30.123Z"),
                Arguments.of("2024-03-01", "2024-02-29T23:00:00Z"),
                Arguments.of("0001-01-01T00:00:00Z", null), Arguments.of("0001-01-01T00:00:00", null),
                Arguments.of("not a date", null), Arguments.of("2024-13-01T00:00:00Z", null),
                Arguments.of("2024-03-01T", null), Arguments.of("", null));
    }

    // ------------------------------------------------------------------------------------------------ toEmployee

    static Stream<Arguments> employees() {
        return Stream.of(
                Arguments.of("Okta POST (placeholder password, locale, groups dropped)", false, """
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jdoe@x.org",
                         "name":{"givenName":"Jane","familyName":"Doe"},
                         "emails":[{"primary":true,"value":"jdoe@x.org","type":"work"}],"displayName":"Jane Doe",
                         "locale":"en-US","externalId":"00u1","groups":[],"password":"tlpWENT2m","active":true}""", """
                        {"LoginID":"jdoe@x.org","IdentityId":"00u1","FirstName":"Jane","LastName":"Doe",
                         "DisplayName":"Jane Doe","PrimaryEmail":"jdoe@x.org","Status":"Active"}"""),
                Arguments.of("Entra POST: string boolean, capitalised sub-attributes, roles, meta, manager", false,
                        """
                                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                                 "externalId":"jyoung","userName":"Test_User_1@contoso.com","active":"True",
                                 "emails":[{"Primary":true,"Type":"work","Value":"Test_User_1@contoso.com"}],
                                 "meta":{"resourceType":"User"},"name":{"Formatted":"Jo Young","familyName":"Young","GivenName":"Jo"},
                                 "roles":[],"title":null,
                                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"IT","employeeNumber":"42",
                                      "manager":{"value":"MGR1"}}}""",
                        """
                                {"LoginID":"Test_User_1@contoso.com","IdentityId":"jyoung","FirstName":"Jo","LastName":"Young",
                                 "PrimaryEmail":"Test_User_1@contoso.com","Status":"Active","EmployeeNumber":"42","Department":"IT",
                                 "ManagerLink_RecID":"MGR1","ManagerLink_Category":"Employee"}"""),
                Arguments.of("POST without active is active; active \"False\" string", false, """
                        {"userName":"a","active":"False"}""", """
                        {"LoginID":"a","Status":"Inactive"}"""),
                Arguments.of("POST without active", false, """
                        {"userName":"a"}""", """
                        {"LoginID":"a","Status":"Active"}"""),
                Arguments.of("schema-qualified keys, custom attributes, Ivanti extension", false, """
                        {"urn:ietf:params:scim:schemas:core:2.0:User:userName":"q",
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Ops",
                         "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User":{"vip":"true","costCode":"12",
                              "hireDate":"2020-01-01T01:00:00+01:00","rate":1.25,"status":"Gone","badge":"b"}}""",
                        """
                                {"LoginID":"q","Department":"Ops","VIP":true,"ivnt_CostCode":12,"HiredDate":"2020-01-01T00:00:00Z",
                                 "ivnt_Rate":1.25,"Status":"Active"}"""),
                Arguments.of("Entra manager as a bare id", false,
                        """
                                {"userName":"m","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"M9"}}""",
                        """
                                {"LoginID":"m","ManagerLink_RecID":"M9","ManagerLink_Category":"Employee","Status":"Active"}"""),
                Arguments.of("PUT clears every absent writable field but keeps Status", true, """
                        {"userName":"p","id":"X","meta":{"resourceType":"User"}}""",
                        """
                                {"LoginID":"p","IdentityId":"","FirstName":"","LastName":"","MiddleName":"","Prefix":"","Suffix":"",
                                 "DisplayName":"","Title":"","Language":"","PrimaryEmail":"","Phone1":"","Phone2":"","Address1":"",
                                 "Address1City":"","Address1State":"","Address1Zip":"","Address1Country":"","EmployeeNumber":"",
                                 "Department":"","CostCentre":"","BusinessUnit":"","ManagerLink_RecID":null,"ManagerLink_Category":null,
                                 "NetworkUserName":"","Team":"","EmployeeLocation":"","OrganizationalUnit":"","VIP":false,
                                 "ivnt_CostCode":null,"HiredDate":null,"ivnt_Rate":null}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("employees")
    void toEmployee(String name, boolean replace, String user, String expected) throws Exception {
        ObjectNode want = json(expected);
        if (!user.contains("givenName") && !user.contains("GivenName")) {
            want.put("FirstName", "Given").put("LastName", "Family");
        }
        if (!user.contains("emails")) {
            want.put("PrimaryEmail", "required@example.com");
        }
        assertJson(want.toString(), mapper.toEmployee(resource(withRequired(user)), replace));
    }

    /**
     * The body with the attributes mapping/user.json marks required (the tenant's FirstName, LastName and
     * PrimaryEmail) added when it has none, so that a case tests what it names.
     */
    static String withRequired(String body) {
        ObjectNode node = json(body);
        if (!node.has("name")) {
            node.putObject("name").put("givenName", "Given").put("familyName", "Family");
        }
        if (!node.has("emails")) {
            node.putArray("emails").addObject().put("type", "work").put("value", "required@example.com");
        }
        return node.toString();
    }

    private static final String REQUIRED_FIELDS = ",\"FirstName\":\"Given\",\"LastName\":\"Family\","
            + "\"PrimaryEmail\":\"required@example.com\"";

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                bad("{\"name\":{\"givenName\":\"x\"}}", "invalidValue", "'userName' is required"),
                bad("{\"userName\":\"\"}", "invalidValue", "'userName' is required"),
                bad("{\"userName\":{\"v\":1}}", "invalidValue", "'userName' must be a string"),
                bad("{\"userName\":\"a\",\"active\":\"maybe\"}", "invalidValue", "'active' must be a boolean"),
                bad("{\"userName\":\"a\",\"active\":1}", "invalidValue", "'active' must be a boolean"),
                bad("{\"userName\":\"a\",\"emails\":{\"value\":\"x\"}}", "invalidValue", "'emails' must be an array"),
                bad("{\"userName\":\"a\",\"name\":\"Jane\"}", "invalidValue", "'name' must be a complex value"),
                bad("{\"userName\":\"a\",\"schemas\":[\"urn:foo\"]}", "invalidSyntax", "Unknown schema URN 'urn:foo'"),
                bad("{\"userName\":\"a\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0User\":{\"department\":\"x\"}}",
                        "invalidSyntax", "enterprise:2.0User"),
                bad("{\"userName\":\"a\",\"department\":\"x\"}", "invalidSyntax", "'department' is not defined"),
                bad("{\"userName\":\"a\",\"" + ENT + "\":{\"foo\":\"x\"}}", "invalidSyntax", "User:foo"),
                bad("{\"userName\":\"a\",\"" + ENT + "\":\"IT\"}", "invalidValue", "must be a JSON object"),
                bad("{\"userName\":\"a\",\"" + IVT + "\":{\"costCode\":\"abc\"}}", "invalidValue",
                        "must be an integer"),
                bad("{\"userName\":\"a\",\"" + IVT + "\":{\"hireDate\":\"yesterday\"}}", "invalidValue",
                        "xsd:dateTime"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("invalidBodies")
    void rejectsInvalidBodies(String body, String scimType, String detail) {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> mapper.toEmployee(resource(withRequired(body)), false));
        assertEquals(scimType, e.getScimError().getScimType());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void unknownAttributesCanBeIgnored() throws Exception {
        EmployeeMapper lenient = EmployeeMapper.of(UserMapping.of(TestMappings.settings().withFlags(false, false)),
                ZoneId.of("UTC"));
        assertJson("{\"LoginID\":\"a\",\"Status\":\"Active\"" + REQUIRED_FIELDS + "}",
                lenient.toEmployee(resource(withRequired(
                        "{\"userName\":\"a\",\"department\":\"x\",\"" + ENT + "\":{\"foo\":1}}")), false));
    }

    @Test
    void alsoDisabledWritesTheDisabledFlag() throws Exception {
        EmployeeMapper m = EmployeeMapper.of(UserMapping.of(TestMappings.settings().withFlags(true, true)),
                ZoneId.of("UTC"));
        assertJson("{\"LoginID\":\"a\",\"Status\":\"Inactive\",\"Disabled\":true" + REQUIRED_FIELDS + "}",
                m.toEmployee(resource(withRequired("{\"userName\":\"a\",\"active\":false}")), false));
    }

    @Test
    void managerIdComesFromTheReferenceField() throws Exception {
        ObjectNode e = mapper.toEmployee(
                resource(withRequired("{\"userName\":\"a\",\"" + ENT + "\":{\"manager\":{\"value\":\"M1\"}}}")),
                false);
        assertEquals(Optional.of("M1"), mapper.managerId(e));
        assertEquals(Optional.empty(), mapper.managerId(json("{\"ManagerLink_RecID\":null}")));
    }

    // ------------------------------------------------------------------------------------------------ PATCH

    private static final String EMPLOYEE = """
            {"RecId":"A1","LoginID":"jdoe","FirstName":"Jane","LastName":"Doe","DisplayName":"Jane Doe",
             "PrimaryEmail":"j@x.org","Status":"Active","Department":"IT","ManagerLink_RecID":"M1","ManagerLink":"Max",
             "VIP":false,"CreatedDateTime":"2026-01-01T00:00:00Z","LastModDateTime":"2026-02-01T00:00:00Z"}""";

    static Stream<Arguments> patches() {
        String q = "\\\"";
        return Stream.of(
                patch("Okta deactivate: no-path replace", "{\"op\":\"replace\",\"value\":{\"active\":false}}",
                        "{\"Status\":\"Inactive\"}"),
                patch("Okta reactivate of an active user", "{\"op\":\"replace\",\"value\":{\"active\":true}}", "{}"),
                patch("Entra 2017 disable: \"False\" string",
                        "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}",
                        "{\"Status\":\"Inactive\"}"),
                patch("Entra Add on an existing work email",
                        "{\"op\":\"Add\",\"path\":\"emails[type eq " + q + "work" + q
                                + "].value\",\"value\":\"n@x.org\"}",
                        "{\"PrimaryEmail\":\"n@x.org\"}"),
                patch("Entra Replace on a missing work address",
                        "{\"op\":\"Replace\",\"path\":\"addresses[type eq " + q + "work" + q
                                + "].locality\",\"value\":\"Oslo\"}",
                        "{\"Address1City\":\"Oslo\"}"),
                patch("Entra other address Formatted is unmapped",
                        "{\"op\":\"Add\",\"path\":\"addresses[type eq " + q + "other" + q
                                + "].Formatted\",\"value\":\"B1\"}",
                        "{}"),
                patch("Entra proxyAddresses Value is unmapped",
                        "{\"op\":\"Add\",\"path\":\"emails[type eq " + q + "other" + q
                                + "].Value\",\"value\":\"smtp:a\"}",
                        "{}"),
                patch("Entra fax is unmapped",
                        "{\"op\":\"Add\",\"path\":\"phoneNumbers[type eq " + q + "fax" + q
                                + "].value\",\"value\":\"1\"}",
                        "{}"),
                patch("Entra manager as a bare id",
                        "{\"op\":\"Add\",\"path\":\"" + ENT + ":manager\",\"value\":\"M2\"}",
                        "{\"ManagerLink_RecID\":\"M2\",\"ManagerLink_Category\":\"Employee\"}"),
                patch("Entra manager as an array",
                        "{\"op\":\"Replace\",\"path\":\"" + ENT
                                + ":manager\",\"value\":[{\"$ref\":null,\"value\":\"M3\"}]}",
                        "{\"ManagerLink_RecID\":\"M3\",\"ManagerLink_Category\":\"Employee\"}"),
                patch("manager removed", "{\"op\":\"Remove\",\"path\":\"" + ENT + ":manager\"}",
                        "{\"ManagerLink_RecID\":null,\"ManagerLink_Category\":null}"),
                patch("Entra aadOptscim062020: dotted and URN keys in one no-path replace",
                        "{\"op\":\"replace\",\"value\":{\"displayName\":\"J D\",\"name.givenName\":\"Janet\",\"" + ENT
                                + ":employeeNumber\":\"77\"}}",
                        "{\"DisplayName\":\"J D\",\"FirstName\":\"Janet\",\"EmployeeNumber\":\"77\"}"),
                patch("name.formatted is derived: ignored",
                        "{\"op\":\"replace\",\"path\":\"name.formatted\",\"value\":\"X Y\"}",
                        "{}"),
                patch("remove an absent attribute", "{\"op\":\"remove\",\"path\":\"title\"}", "{}"),
                patch("remove a name part clears it", "{\"op\":\"remove\",\"path\":\"name.givenName\"}",
                        "{\"FirstName\":\"\"}"),
                patch("vip as \"True\"", "{\"op\":\"Replace\",\"path\":\"" + IVT + ":vip\",\"value\":\"True\"}",
                        "{\"VIP\":true}"),
                patch("removing active changes nothing", "{\"op\":\"remove\",\"path\":\"active\"}", "{}"),
                patch("id echoed unchanged", "{\"op\":\"replace\",\"value\":{\"id\":\"A1\",\"userName\":\"JDOE2\"}}",
                        "{\"LoginID\":\"JDOE2\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void changedFields(String name, String operation, String expected) throws Exception {
        GenericScimResource before = mapper.toUser(json(EMPLOYEE), BASE);
        assertJson(expected, mapper.patchedFields(before, patched(before, operation)));
    }

    static Stream<Arguments> forbiddenPatches() {
        return Stream.of(
                bad("{\"op\":\"replace\",\"path\":\"id\",\"value\":\"B2\"}", "mutability", "'id' is read-only"),
                bad("{\"op\":\"replace\",\"path\":\"meta.lastModified\",\"value\":\"2027-01-01T00:00:00Z\"}",
                        "mutability",
                        "'meta.lastModified' is read-only"),
                bad("{\"op\":\"replace\",\"path\":\"" + ENT + ":manager.displayName\",\"value\":\"Other\"}",
                        "mutability",
                        "manager.displayName' is read-only"),
                bad("{\"op\":\"replace\",\"path\":\"" + IVT + ":status\",\"value\":\"Gone\"}", "mutability",
                        "status' is read-only"),
                bad("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}", "invalidValue",
                        "'active' must be a boolean"),
                bad("{\"op\":\"replace\",\"path\":\"userName\",\"value\":{\"a\":1}}", "invalidValue",
                        "must be a string"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("forbiddenPatches")
    void rejectsForbiddenPatches(String operation, String scimType, String detail) throws Exception {
        GenericScimResource before = mapper.toUser(json(EMPLOYEE), BASE);
        GenericScimResource after = patched(before, operation);
        BadRequestException e = assertThrows(BadRequestException.class, () -> mapper.patchedFields(before, after));
        assertEquals(scimType, e.getScimError().getScimType());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    /** {@code before} with one PATCH operation applied, normalised as the service does. */
    private GenericScimResource patched(GenericScimResource before, String operation) throws Exception {
        return patches.apply(patches.normalise(body(operation), UserMapping.CORE_URN), before);
    }

    private static ObjectNode body(String operation) {
        return json(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operation + "]}");
    }

    private static Arguments patch(String name, String operation, String expected) {
        return Arguments.of(name, operation, expected);
    }

    private static Arguments bad(String body, String scimType, String detail) {
        return Arguments.of(body, scimType, detail);
    }
}
