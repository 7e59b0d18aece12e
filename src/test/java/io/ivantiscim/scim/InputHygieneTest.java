package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile and malformed input (issue 15 items 1, 6–9, 11, 12): every request gets a SCIM error of its own making,
 * never a 500, and whatever can be refused is refused before the first Ivanti call.
 */
@QuarkusTest
class InputHygieneTest {

    private static final Logger LOG = Logger.getLogger(InputHygieneTest.class);
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static String userId;
    private static String groupId;
    private final EmulatorClient emulator = new EmulatorClient();

    @BeforeEach
    void createUserAndGroup() {
        if (userId != null) {
            return;
        }
        userId = Scim.idp().body(IdpBodies.load("okta-create-user.json", EmulatorClient.uniqueLogin("hygiene")
                + "@example.test")).post("/Users").then().statusCode(201).extract().path("id");
        groupId = GroupTesting.createGroup(GroupTesting.uniqueName("Hygiene"));
    }

    static Stream<Arguments> formerFiveHundreds() {
        String deep = "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000);
        String nots = "not(".repeat(3_000) + "userName eq \"x\"" + ")".repeat(3_000);
        // 40 levels: deeper than the bridge's 32, short enough for a URL (longer ones are 414 at the HTTP layer).
        String shortNots = "not(".repeat(40) + "userName eq \"x\"" + ")".repeat(40);
        return Stream.of(
                Arguments.of("JSON nested 1,000 levels", (Supplier<Response>) () -> Scim.idp().body(deep)
                        .post("/Users"), "invalidSyntax"),
                Arguments.of("startIndex=2147483647", (Supplier<Response>) () -> Scim.idp()
                        .queryParam("startIndex", Integer.MAX_VALUE).get("/Users"), "invalidValue"),
                Arguments.of("startIndex=2147483647 on Groups", (Supplier<Response>) () -> Scim.idp()
                        .queryParam("startIndex", Integer.MAX_VALUE).get("/Groups"), "invalidValue"),
                Arguments.of("PATCH remove with \"path\": \"\"", (Supplier<Response>) () -> Scim.idp()
                        .body(patch("{\"op\":\"remove\",\"path\":\"\"}")).patch("/Users/" + userId), "invalidPath"),
                Arguments.of("PATCH replace with \"path\": \"\"", (Supplier<Response>) () -> Scim.idp()
                        .body(patch("{\"op\":\"replace\",\"path\":\"\",\"value\":{\"title\":\"x\"}}"))
                        .patch("/Users/" + userId), "invalidPath"),
                Arguments.of("Groups PATCH with \"path\": \"\"", (Supplier<Response>) () -> Scim.idp()
                        .body(patch("{\"op\":\"remove\",\"path\":\"\"}")).patch("/Groups/" + groupId),
                        "invalidPath"),
                Arguments.of("filter nested 40 levels", (Supplier<Response>) () -> Scim.idp()
                        .queryParam("filter", shortNots).get("/Users"), "invalidFilter"),
                Arguments.of("filter of 3,000 nested not(…) in a .search body", (Supplier<Response>) () -> Scim.idp()
                        .body(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                                "filter", nots))
                        .post("/Users/.search"), "invalidFilter"),
                Arguments.of("a PATCH path nested 3,000 levels", (Supplier<Response>) () -> Scim.idp()
                        .body(patch("{\"op\":\"remove\",\"path\":\"emails[" + nots.replace("\"", "\\\"") + "]\"}"))
                        .patch("/Users/" + userId), "invalidPath"),
                Arguments.of("attributes nested 41 levels", (Supplier<Response>) () -> Scim.idp()
                        .queryParam("attributes", "emails[" + shortNots + "]").get("/Users"), "invalidPath"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formerFiveHundreds")
    void formerFiveHundredsAreScim400sWithoutIvantiCalls(String what, Supplier<Response> request, String scimType) {
        long calls = emulator.calls(() -> request.get().then()
                .statusCode(400)
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("400"))
                .body("scimType", equalTo(scimType))
                .body("detail", not(containsString("Exception"))), "total");
        assertEquals(0, calls, what);
    }

    @Test
    void aLongValuePathFilterValueIsNoServerError() {
        // The regex that rewrites Entra's attr[filter].sub form recursed once per character (a StackOverflowError).
        String filter = "emails[type eq \"work\"].value eq \"" + "x".repeat(3_000) + "\"";
        Scim.idp().queryParam("filter", filter).get("/Users").then()
                .statusCode(anyOf(is(200), is(400)))
                .body("schemas", anyOf(hasItem(ERROR), hasItem("urn:ietf:params:scim:api:messages:2.0:ListResponse")));
    }

    // ------------------------------------------------------------------------------------------ item 1: PATCH size

    @Test
    void tenThousandOperationsAreRefusedBeforeAnyIvantiCall() {
        String ops = IntStream.range(0, 10_000).mapToObj(i -> "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t"
                + i + "\"}").collect(Collectors.joining(","));
        long started = System.nanoTime();
        long calls = emulator.calls(() -> Scim.idp().body(patch(ops)).patch("/Users/" + userId).then()
                .statusCode(413)
                .body("schemas", hasItem(ERROR))
                .body("detail", containsString("bridge.scim.max-patch-operations")), "total");
        LOG.infof("10,000-operation user PATCH refused in %d ms", (System.nanoTime() - started) / 1_000_000);
        assertEquals(0, calls);
        long groupCalls = emulator.calls(() -> Scim.idp().body(patch(ops.replace("\"title\"", "\"displayName\"")))
                .patch("/Groups/" + groupId).then().statusCode(413), "total");
        assertEquals(0, groupCalls);
    }

    @Test
    void twoThousandMemberOperationsCostOneCallPerRealChange() {
        List<String> members = GroupTesting.users(emulator, "hygiene.member", 12);
        String id = GroupTesting.createGroup(GroupTesting.uniqueName("Hygiene Big Patch"));
        Scim.idp().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + GroupTesting.values(members) + "}"))
                .patch("/Groups/" + id).then().statusCode(204);
        // Okta removes members one operation each (docs/idp-contracts.md §2.22): 1,989 ids that are not members,
        // 10 that are, and one add of a member already in: 2,000 member values, bridge.groups.max-members.
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < 1_989; i++) {
            ops.add("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + String.format("%032X", i) + "\\\"]\"}");
        }
        members.subList(0, 10).forEach(m -> ops.add("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + m
                + "\\\"]\"}"));
        ops.add("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + members.get(11) + "\"}]}");
        long started = System.nanoTime();
        Map<String, Long> d = emulator.deltas(() -> Scim.idp().body(patch(ops.toArray(String[]::new)))
                .patch("/Groups/" + id).then().statusCode(204), "total", "unlink", "link");
        LOG.infof("2,000-operation group PATCH answered in %d ms", (System.nanoTime() - started) / 1_000_000);
        assertEquals(10, d.get("unlink"), d.toString());
        assertEquals(0, d.get("link"), d.toString());
        assertEquals(13, d.get("total"), "a team read, a membership read, one check of the added user and the 10 "
                + "found in it, and the 10 unlinks: " + d);
        assertEquals(new java.util.TreeSet<>(members.subList(10, 12)), GroupTesting.members(id));
    }

    @Test
    void twentyThousandMembersAreRefusedBeforeAnyIvantiCall() {
        String many = IntStream.range(0, 20_000).mapToObj(i -> "{\"value\":\"" + String.format("%032X", i) + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        long create = emulator.calls(() -> Scim.idp().body("{\"schemas\":[\"" + GroupTesting.GROUP
                + "\"],\"displayName\":\"" + GroupTesting.uniqueName("Hygiene Huge") + "\",\"members\":" + many + "}")
                .post("/Groups").then().statusCode(413)
                .body("detail", containsString("bridge.groups.max-members")), "total");
        long patchCalls = emulator.calls(() -> Scim.idp()
                .body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + many + "}"))
                .patch("/Groups/" + groupId).then().statusCode(413), "total");
        assertEquals(0, create + patchCalls);
    }

    // ------------------------------------------------------------------------------------------ item 8: validate first

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "active not a boolean        | {\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}",
            "title a number              | {\"op\":\"replace\",\"path\":\"title\",\"value\":5}",
            "no-path title an object     | {\"op\":\"replace\",\"value\":{\"title\":{\"a\":1}}}",
            "work email a number         | {\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":7}",
            "employeeNumber an array     | {\"op\":\"add\",\"path\":\"" + ENTERPRISE
                    + ":employeeNumber\",\"value\":[1]}",
            "primary a string            | {\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@b.c\",\"type\":\"home\",\"primary\":\"yes\"}]}",
            "enterprise a scalar         | {\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + "\":\"x\"}}",
    })
    void aWrongTypedUserPatchCostsNoIvantiCall(String what, String op) {
        long calls = emulator.calls(() -> Scim.idp().body(patch(op)).patch("/Users/" + userId).then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue")), "total");
        assertEquals(0, calls, what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "remove displayName          | {\"op\":\"remove\",\"path\":\"displayName\"}",
            "sub-attribute path          | {\"op\":\"replace\",\"path\":\"displayName.value\",\"value\":\"x\"}",
            "unknown attribute           | {\"op\":\"replace\",\"path\":\"owner\",\"value\":\"x\"}",
            "externalId a number         | {\"op\":\"replace\",\"path\":\"externalId\",\"value\":5}",
            "member without a value      | {\"op\":\"add\",\"path\":\"members\",\"value\":[{\"display\":\"x\"}]}",
            "members a string            | {\"op\":\"replace\",\"path\":\"members\",\"value\":\"x\"}",
    })
    void aBadGroupPatchCostsNoIvantiCall(String what, String op) {
        long calls = emulator.calls(() -> Scim.idp().body(patch(op)).patch("/Groups/" + groupId).then()
                .statusCode(400)
                .body("schemas", hasItem(ERROR)), "total");
        assertEquals(0, calls, what);
    }

    // ------------------------------------------------------------------------------------------ item 11: strictness

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "application/scim+json                 | 201",
            "application/scim+json; charset=utf-8  | 201",
            "application/json                      | 201",
            "application/json; charset=UTF-8       | 201",
            "text/plain                            | 415",
            "application/xml                       | 415",
            "application/octet-stream              | 415",
            "text/json                             | 415",
            "application/scim+json; charset=iso-8859-1 | 201",
    })
    void onlyScimAndJsonBodiesAreRead(String contentType, int status) {
        byte[] body = IdpBodies.load("okta-create-user.json", EmulatorClient.uniqueLogin("ctype") + "@example.test")
                .getBytes(StandardCharsets.UTF_8);
        long creates = emulator.calls(() -> given().basePath("/scim/v2").auth().oauth2(Scim.TOKEN)
                .header("Content-Type", contentType).body(body).post("/Users").then()
                .statusCode(status)
                .contentType(containsString("json")), "employees.create");
        assertEquals(status == 201 ? 1 : 0, creates, contentType);
    }

    @Test
    void aBodyWithoutContentTypeIs415() {
        given().basePath("/scim/v2").auth().oauth2(Scim.TOKEN).body("{}".getBytes(StandardCharsets.UTF_8))
                .post("/Users").then().statusCode(415).body("schemas", hasItem(ERROR));
    }

    static Stream<Arguments> strictBodies() {
        String login = "strict@example.test";
        byte[] badUtf8 = ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + login + "\",\"title\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[badUtf8.length + 3];
        System.arraycopy(badUtf8, 0, withBadByte, 0, badUtf8.length);
        withBadByte[badUtf8.length] = (byte) 0xC3;
        withBadByte[badUtf8.length + 1] = '"';
        withBadByte[badUtf8.length + 2] = '}';
        return Stream.of(
                Arguments.of("duplicate key", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + login
                        + "\",\"userName\":\"other@example.test\"}").getBytes(StandardCharsets.UTF_8), "invalidSyntax"),
                Arguments.of("invalid UTF-8", withBadByte, "invalidSyntax"),
                Arguments.of("emails[].primary a string", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + login
                        + "\",\"emails\":[{\"value\":\"" + login + "\",\"type\":\"work\",\"primary\":\"true\"}]}")
                        .getBytes(StandardCharsets.UTF_8), "invalidValue"),
                Arguments.of("emails[].primary a number", ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + login
                        + "\",\"emails\":[{\"value\":\"" + login + "\",\"type\":\"work\",\"primary\":1}]}")
                        .getBytes(StandardCharsets.UTF_8), "invalidValue"),
                Arguments.of("enterprise extension a scalar", ("{\"schemas\":[\"" + USER + "\",\"" + ENTERPRISE
                        + "\"],\"userName\":\"" + login + "\",\"" + ENTERPRISE + "\":\"x\"}")
                        .getBytes(StandardCharsets.UTF_8), "invalidValue"),
                Arguments.of("enterprise extension an array", ("{\"schemas\":[\"" + USER + "\",\"" + ENTERPRISE
                        + "\"],\"userName\":\"" + login + "\",\"" + ENTERPRISE + "\":[{}]}")
                        .getBytes(StandardCharsets.UTF_8), "invalidValue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strictBodies")
    void laxBodiesAreRefusedBeforeAnyIvantiCall(String what, byte[] body, String scimType) {
        long calls = emulator.calls(() -> Scim.idp().body(body).post("/Users").then()
                .statusCode(400)
                .body("schemas", hasItem(ERROR))
                .body("scimType", equalTo(scimType)), "total");
        assertEquals(0, calls, what);
    }

    // ------------------------------------------------------------------------------------------ item 7: bytes read

    @Test
    void aChunkedBodyOverTheLimitIs413AndReachesNoIvanti() {
        byte[] big = ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"chunked@example.test\",\"title\":\""
                + "x".repeat(1_500_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        long calls = emulator.calls(() -> {
            RequestSpecification chunked = Scim.idp().body(new ByteArrayInputStream(big));
            chunked.post("/Users").then()
                    .statusCode(413)
                    .body("schemas", hasItem(ERROR))
                    .body("detail", containsString("bridge.scim.max-body-bytes"));
        }, "total");
        assertEquals(0, calls);
    }

    // ------------------------------------------------------------------------------------------ item 9: our words

    @Test
    void ivantisOwnErrorTextNeverReachesTheIdp() {
        String login = EmulatorClient.uniqueLogin("ivanti.text") + "@example.test";
        emulator.faults(Map.of("errorRate", 1.0, "kinds", "employees.create"));
        try {
            Response r = Scim.idp().body(IdpBodies.load("okta-create-user.json", login)).post("/Users");
            r.then().statusCode(503)
                    .body("schemas", hasItem(ERROR))
                    .body("detail", containsString("orrelation id " + r.header(RequestIds.HEADER)))
                    .body("detail", not(containsString("Unhandled")))
                    .body("detail", not(containsString("TenantId")))
                    .body("detail", not(containsString("ISM_")))
                    .body("detail", not(containsString("bridge.ivanti")));
        } finally {
            emulator.clearFaults();
        }
    }

    @Test
    void ivantisRejectionIsToldInOurWords() {
        // A tenant that requires a field SCIM does not: Ivanti's 400 names its field, the IdP hears our attribute.
        emulator.settings(Map.of("requiredFields", List.of("LoginID", "FirstName", "LastName", "PrimaryEmail",
                "Status", "Title")));
        try {
            Response r = Scim.idp().body(IdpBodies.load("okta-create-user.json", EmulatorClient.uniqueLogin(
                    "no.title") + "@example.test")).post("/Users");
            r.then().statusCode(400)
                    .body("scimType", equalTo("invalidValue"))
                    .body("detail", containsString("title (Ivanti field Title)"))
                    .body("detail", containsString("orrelation id " + r.header(RequestIds.HEADER)))
                    .body("detail", not(containsString("ISM_")));
        } finally {
            emulator.resetSettings();
        }
    }

    // ------------------------------------------------------------------------------------------ item 12: hooks

    @Test
    void emulatorSettingsMaskSecrets() {
        String settings = given().get(EmulatorClient.HOOKS + "/settings").then().statusCode(200).extract().asString();
        assertFalse(settings.contains(EmulatorClient.DEFAULT_API_KEY), settings);
        given().get(EmulatorClient.HOOKS + "/settings").then()
                .body("apiKey", equalTo("********"))
                .body("password", equalTo("********"))
                .body("oauth2ClientSecret", anyOf(equalTo("********"), org.hamcrest.Matchers.nullValue()))
                .body("username", not(equalTo("********")));
        // A secret a test sets is applied (the old key is refused) and still masked on the way back.
        emulator.settings(Map.of("apiKey", "rotated-hygiene-key"));
        try {
            String changed = given().get(EmulatorClient.HOOKS + "/settings").then().statusCode(200).extract()
                    .asString();
            assertFalse(changed.contains("rotated-hygiene-key"), changed);
            Scim.idp().get("/Users/" + userId).then().statusCode(502);
        } finally {
            emulator.resetSettings();
        }
    }
}
