package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.mapping.ScimMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A bulk operation gets exactly the checks of its single request (issue 15 items 1, 6, 8, 11 through RFC 7644 §3.7):
 * the bodies of {@link InputHygieneTest}, sent once alone and once as the {@code data} of a bulk operation, get the
 * same status and scimType, the bulk's as that operation's result, and neither costs an Ivanti call.
 */
@QuarkusTest
class BulkInputHygieneTest {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String LOGIN = "bulk.strict@example.test";
    private static String userId;
    private static String groupId;
    private final EmulatorClient emulator = new EmulatorClient();

    @BeforeEach
    void createUserAndGroup() {
        if (userId != null) {
            return;
        }
        userId = Scim.idp().body(IdpBodies.load("okta-create-user.json", EmulatorClient.uniqueLogin("bulk.hygiene")
                + "@example.test")).post("/Users").then().statusCode(201).extract().path("id");
        groupId = GroupTesting.createGroup(GroupTesting.uniqueName("Bulk Hygiene"));
    }

    private static String user(String extra) {
        return "{\"schemas\":[\"" + USER + "\",\"" + ENTERPRISE + "\"],\"userName\":\"" + LOGIN + "\"," + extra + "}";
    }

    private static String members(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"value\":\"" + String.format("%032X", i) + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String titleReplaces(int n, String attribute) {
        return patch(IntStream.range(0, n).mapToObj(i -> "{\"op\":\"replace\",\"path\":\"" + attribute
                + "\",\"value\":\"t" + i + "\"}").toArray(String[]::new));
    }

    static Stream<Arguments> invalidOperations() {
        String nots = "not(".repeat(3_000) + "userName eq \\\"x\\\"" + ")".repeat(3_000);
        return Stream.of(
                // POST /Users
                Arguments.of("emails[].primary a string", "POST", "/Users", user("\"emails\":[{\"value\":\"" + LOGIN
                        + "\",\"type\":\"work\",\"primary\":\"true\"}]"), 400, "invalidValue"),
                Arguments.of("emails[].primary a number", "POST", "/Users", user("\"emails\":[{\"value\":\"" + LOGIN
                        + "\",\"type\":\"work\",\"primary\":1}]"), 400, "invalidValue"),
                Arguments.of("enterprise extension a scalar", "POST", "/Users", user("\"" + ENTERPRISE + "\":\"x\""),
                        400, "invalidValue"),
                Arguments.of("enterprise extension an array", "POST", "/Users", user("\"" + ENTERPRISE + "\":[{}]"),
                        400, "invalidValue"),
                // PATCH /Users/{id}
                Arguments.of("PATCH remove with \"path\": \"\"", "PATCH", "/Users/{user}",
                        patch("{\"op\":\"remove\",\"path\":\"\"}"), 400, "invalidPath"),
                Arguments.of("a PATCH path nested 3,000 levels", "PATCH", "/Users/{user}",
                        patch("{\"op\":\"remove\",\"path\":\"emails[" + nots + "]\"}"), 400, "invalidPath"),
                Arguments.of("active not a boolean", "PATCH", "/Users/{user}",
                        patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}"), 400, "invalidValue"),
                Arguments.of("enterprise a scalar", "PATCH", "/Users/{user}",
                        patch("{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + "\":\"x\"}}"), 400, "invalidValue"),
                Arguments.of("PATCH without Operations", "PATCH", "/Users/{user}",
                        "{\"schemas\":[\"" + GroupTesting.PATCH_OP + "\"]}", 400, "invalidSyntax"),
                Arguments.of("5,001 operations (bridge.scim.max-patch-operations)", "PATCH", "/Users/{user}",
                        titleReplaces(5_001, "title"), 413, null),
                // Groups
                Arguments.of("5,001 members in a POST (bridge.groups.max-members)", "POST", "/Groups",
                        "{\"schemas\":[\"" + GroupTesting.GROUP + "\"],\"displayName\":\"Bulk Huge\",\"members\":"
                                + members(5_001) + "}",
                        413, null),
                Arguments.of("5,001 members in a PUT", "PUT", "/Groups/{group}", "{\"schemas\":[\""
                        + GroupTesting.GROUP + "\"],\"displayName\":\"Bulk Huge\",\"members\":" + members(5_001)
                        + "}", 413, null),
                Arguments.of("5,001 members in a PATCH add", "PATCH", "/Groups/{group}",
                        patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + members(5_001) + "}"), 413, null),
                Arguments.of("5,001 Groups PATCH operations", "PATCH", "/Groups/{group}",
                        titleReplaces(5_001, "displayName"), 413, null),
                Arguments.of("Groups PATCH with \"path\": \"\"", "PATCH", "/Groups/{group}",
                        patch("{\"op\":\"remove\",\"path\":\"\"}"), 400, "invalidPath"),
                Arguments.of("remove displayName", "PATCH", "/Groups/{group}",
                        patch("{\"op\":\"remove\",\"path\":\"displayName\"}"), 400, null),
                Arguments.of("member without a value", "PATCH", "/Groups/{group}",
                        patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"display\":\"x\"}]}"), 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOperations")
    void aBulkOperationGetsTheChecksOfItsSingleRequest(String what, String method, String template, String data,
            int status, String scimType) throws JsonProcessingException {
        String path = template.replace("{user}", userId).replace("{group}", groupId);
        Response[] single = new Response[1];
        long singleCalls = emulator.calls(() -> single[0] = Scim.idp().body(data).request(method, path), "total");
        single[0].then().statusCode(status).body("schemas", hasItem(ERROR));
        String singleScimType = single[0].path("scimType");
        if (scimType != null) {
            assertEquals(scimType, singleScimType, what);
        }

        ObjectNode operation = ScimMapper.MAPPER.createObjectNode().put("method", method).put("path", path);
        if (method.equals("POST")) {
            operation.put("bulkId", "op");
        }
        operation.set("data", ScimMapper.MAPPER.readTree(data));
        JsonPath[] bulk = new JsonPath[1];
        long bulkCalls = emulator.calls(() -> bulk[0] = Scim.idp().body(new BulkTesting().raw(operation).json())
                .post("/Bulk").then().statusCode(200).extract().jsonPath(), "total");
        assertEquals(String.valueOf(status), bulk[0].getString("Operations[0].status"), what);
        assertEquals(String.valueOf(status), bulk[0].getString("Operations[0].response.status"), what);
        assertEquals(singleScimType, bulk[0].getString("Operations[0].response.scimType"), what);
        assertEquals(single[0].<String>path("detail"), bulk[0].getString("Operations[0].response.detail"), what);
        assertEquals(0, singleCalls, what + ": the single request's Ivanti calls");
        assertEquals(0, bulkCalls, what + ": the bulk's Ivanti calls");
    }

    @Test
    void anInvalidOperationFailsAloneAndCostsNothing() {
        String login = EmulatorClient.uniqueLogin("bulk.beside") + "@example.test";
        ObjectNode invalid = ScimMapper.MAPPER.createObjectNode().put("method", "PATCH").put("path", "/Users/"
                + userId);
        ObjectNode data = invalid.putObject("data");
        data.putArray("schemas").add(GroupTesting.PATCH_OP);
        data.putArray("Operations").addObject().put("op", "remove").put("path", "");
        JsonPath[] response = new JsonPath[1];
        long creates = emulator.calls(() -> response[0] = Scim.idp().body(new BulkTesting().raw(invalid)
                .user("ok", login, null).json()).post("/Bulk").then().statusCode(200).extract().jsonPath(),
                "employees.create");
        assertEquals(List.of("400", "201"), response[0].getList("Operations.status"));
        assertEquals("invalidPath", response[0].getString("Operations[0].response.scimType"));
        assertEquals(1, creates);
    }

    @Test
    void aPatchValueNullIsReadAsTheSingleEndpointReadsIt() throws JsonProcessingException {
        String data = patch("{\"op\":\"replace\",\"path\":\"title\",\"value\":null}");
        Scim.idp().body(data).patch("/Users/" + userId).then().statusCode(200);
        ObjectNode operation = ScimMapper.MAPPER.createObjectNode().put("method", "PATCH").put("path", "/Users/"
                + userId);
        operation.set("data", ScimMapper.MAPPER.readTree(data));
        JsonPath response = Scim.idp().body(new BulkTesting().raw(operation).json()).post("/Bulk").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("200", response.getString("Operations[0].status"), response.prettify());
    }

    static Stream<Arguments> invalidBodies() {
        String operation = "{\"schemas\":[\"" + BulkTesting.BULK_REQUEST + "\"],\"Operations\":[{\"method\":\"POST\","
                + "\"path\":\"/Users\",\"bulkId\":\"u\",\"data\":";
        byte[] prefix = (operation + user("\"title\":\"")).getBytes(StandardCharsets.UTF_8);
        byte[] badUtf8 = new byte[prefix.length + 5];
        System.arraycopy(prefix, 0, badUtf8, 0, prefix.length);
        badUtf8[prefix.length] = (byte) 0xC3;
        System.arraycopy("\"}}]}".getBytes(StandardCharsets.UTF_8), 0, badUtf8, prefix.length + 1, 4);
        String deep = "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000);
        return Stream.of(
                Arguments.of("a duplicate key in an operation's data", (operation + "{\"schemas\":[\"" + USER
                        + "\"],\"userName\":\"" + LOGIN + "\",\"userName\":\"other@example.test\"}}]}")
                        .getBytes(StandardCharsets.UTF_8)),
                Arguments.of("invalid UTF-8 in an operation's data", badUtf8),
                Arguments.of("an operation's data nested 1,000 levels", (operation + deep + "}]}")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** What breaks the JSON itself leaves no operation to answer: the bulk is a 400, as the single request is. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void aBodyTheReaderRefusesIsA400ForTheWholeBulk(String what, byte[] body) {
        long calls = emulator.calls(() -> Scim.idp().body(body).post("/Bulk").then()
                .statusCode(400)
                .body("schemas", hasItem(ERROR))
                .body("scimType", equalTo("invalidSyntax"))
                .body("detail", containsString("request body")), "total");
        assertEquals(0, calls, what);
    }
}
