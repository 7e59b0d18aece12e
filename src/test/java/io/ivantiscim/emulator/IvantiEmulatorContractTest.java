package io.ivantiscim.emulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * One contract test per row of docs/ivanti-api.md §0 (rows 1–28): each asserts the documented status and body shape
 * through real HTTP against the emulator.
 */
@QuarkusTest
class IvantiEmulatorContractTest {

    final EmulatorClient emu = new EmulatorClient();

    @AfterEach
    void restoreSwitches() {
        emu.resetSettings();
        emu.clearFaults();
    }

    private Response list(Map<String, ?> params) {
        return emu.api().queryParams(params).get(emu.odata("employees"));
    }

    // ---------------------------------------------------------------- auth

    @Test
    void row01_loginReturnsBareJsonString() {
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("tenant", "demo.ivanticloud.com", "username", "scim-bridge", "password",
                        "demo-password", "role", "Admin"))
                .post(emu.tenant() + "/api/rest/authentication/login");
        r.then().statusCode(200).contentType(containsString("application/json"));
        String raw = r.asString();
        assertTrue(raw.matches("^\"demo\\.ivanticloud\\.com#[A-Z0-9]{32}#\\d+\"$"), raw);
        // Form-encoded bodies (PowerShell clients) work too.
        given().contentType("application/x-www-form-urlencoded").formParam("tenant", "demo.ivanticloud.com")
                .formParam("username", "scim-bridge").formParam("password", "demo-password").formParam("role", "Admin")
                .post(emu.tenant() + "/api/rest/authentication/login").then().statusCode(200)
                .body(matchesPattern("^\"demo\\.ivanticloud\\.com#[A-Z0-9]{32}#\\d+\"$"));
    }

    @Test
    void row02_loginFailureIs400Ism4000() {
        given().contentType(ContentType.JSON)
                .body(Map.of("tenant", "demo.ivanticloud.com", "username", "scim-bridge", "password", "wrong",
                        "role", "Admin"))
                .post(emu.tenant() + "/api/rest/authentication/login").then().statusCode(400)
                .body("code", equalTo("ISM_4000")).body("description", equalTo("Bad Request"))
                .body("message", contains("Unhandled system exception: Tenant Not Found or wrong Password or OpenID "
                        + "not Configured Properly."))
                .body("help", equalTo(""));
    }

    @Test
    void row03_sessionKeyRawHeaderOrSidCookie() {
        String sid = emu.login();
        given().header("Authorization", sid).queryParam("$top", 1).get(emu.odata("employees")).then().statusCode(200)
                .body("value", hasSize(1));
        given().header("Cookie", "SID=" + sid).queryParam("$top", 1).get(emu.odata("employees")).then()
                .statusCode(200).body("value", hasSize(1));
        // "Bearer <sessionkey>" is a third-party claim contradicted by Ivanti docs (§1.1).
        given().header("Authorization", "Bearer " + sid).get(emu.odata("employees")).then().statusCode(401);
    }

    @Test
    void row04_restApiKeyHeader() {
        emu.api().queryParam("$top", 1).get(emu.odata("employees")).then().statusCode(200);
        given().header("Authorization", "rest_api_key=wrong").get(emu.odata("employees")).then().statusCode(401)
                .body("code", equalTo("ISM_4001"))
                .body("message", contains("Invalid Session key or Authentication token or Host"));
        given().header("Authorization", "rest_api_key " + EmulatorClient.DEFAULT_API_KEY).get(emu.odata("employees"))
                .then().statusCode(401);
    }

    @Test
    void row05_jwtLoginModeReturnsJwtUsedAsBearer() {
        emu.settings(Map.of("loginMode", "jwt"));
        String jwt = emu.login();
        assertFalse(jwt.contains("#"), jwt);
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals(3600L, claims.getLong("exp") - claims.getLong("nbf"));
        assertEquals("restLoginEndPoint", claims.getString("client_id"));
        given().header("Authorization", "Bearer " + jwt).queryParam("$top", 1).get(emu.odata("employees")).then()
                .statusCode(200);
        given().header("Authorization", jwt).get(emu.odata("employees")).then().statusCode(401);
        // Past its exp claim the token is refused.
        emu.ageSessions(3601);
        given().header("Authorization", "Bearer " + jwt).get(emu.odata("employees")).then().statusCode(401)
                .body("code", equalTo("ISM_4001"));
    }

    @Test
    void row06_missingInvalidOrExpiredCredentialIs401() {
        given().get(emu.odata("employees")).then().statusCode(401).body("code", equalTo("ISM_4001"))
                .body("description", equalTo("Invalid session key or session timed out")).body("help", equalTo(""));
        given().header("Authorization", "demo.ivanticloud.com#NOTAKEY#1").get(emu.odata("employees")).then()
                .statusCode(401).body("code", equalTo("ISM_4001"));
        String idle = emu.login();
        emu.ageSessions(29 * 60);
        given().header("Authorization", idle).get(emu.odata("employees")).then().statusCode(200);
        emu.ageSessions(31 * 60);
        given().header("Authorization", idle).get(emu.odata("employees")).then().statusCode(401);
        String sid = emu.login();
        emu.expireSessions();
        given().header("Authorization", sid).get(emu.odata("employees")).then().statusCode(401)
                .body("code", equalTo("ISM_4001"));
    }

    // ---------------------------------------------------------------- paths and envelopes

    @Test
    void row07_pathsAreCaseInsensitiveUnknownIs404() {
        emu.api().queryParam("$top", 1).get(emu.odata("Employees")).then().statusCode(200);
        emu.api().queryParam("$top", 1).get(emu.odata("EMPLOYEES")).then().statusCode(200);
        emu.api().queryParam("$top", 1).get(emu.odata("StandardUserTeams")).then().statusCode(200);
        emu.api().get(emu.odata("nonexistents")).then().statusCode(404).body("code", equalTo("ISM_4004"))
                .body("message", contains("Requested resource not found"));
        emu.api().get(emu.odata("employee") + "('" + EmulatorClient.IT_TEAM_ID + "')").then().statusCode(404)
                .body("code", equalTo("ISM_4004"))
                .body("message", contains("No service for the resource is registered."));
    }

    @Test
    void row08_listEnvelopeWithContextAndCountUnasked() {
        Response r = emu.api().get(emu.odata("employees"));
        r.then().statusCode(200).body("'@odata.context'", endsWith("/emulator/api/odata/$metadata#employees"))
                .body("'@odata.count'", greaterThanOrEqualTo(25)).body("value", hasSize(25));
        // Default order: latest modified first (docs/ivanti-api.md §2.2).
        List<String> mods = r.jsonPath().getList("value.LastModDateTime");
        for (int i = 1; i < mods.size(); i++) {
            assertTrue(OffsetDateTime.parse(mods.get(i - 1)).compareTo(OffsetDateTime.parse(mods.get(i))) >= 0);
        }
    }

    @Test
    void row09_filterMatchingNothingIsEmpty200() {
        list(Map.of("$filter", "LoginID eq 'nobody.at.all'")).then().statusCode(200).body(emptyString());
    }

    @Test
    void row10_topDefault25Max100SkipPages() {
        list(Map.of("$top", 101)).then().statusCode(400).body("code", equalTo("ISM_4000"))
                .body("message", contains("Invalid Request Payload", "You cannot query more than 100 records"));
        list(Map.of("$top", 100)).then().statusCode(200);
        List<String> p1 = list(Map.of("$top", 10, "$skip", 0, "$orderby", "RecId")).jsonPath().getList("value.RecId");
        List<String> p2 = list(Map.of("$top", 10, "$skip", 10, "$orderby", "RecId")).jsonPath().getList("value.RecId");
        assertEquals(10, p1.size());
        assertEquals(10, p2.size());
        assertTrue(p1.get(9).compareTo(p2.get(0)) < 0);
        List<String> both = new ArrayList<>(p1);
        both.retainAll(p2);
        assertTrue(both.isEmpty());
    }

    // ---------------------------------------------------------------- $filter

    @Test
    void row11_filterOperatorsAndParentheses() {
        String a = emu.createEmployeeId(EmulatorClient.uniqueLogin("ops.a"), "FirstName", "Opsa", "LastName", "Zed");
        String b = emu.createEmployeeId(EmulatorClient.uniqueLogin("ops.b"), "FirstName", "Opsb", "LastName", "Zed");
        list(Map.of("$filter", "LastName eq 'Zed' and (FirstName eq 'Opsa' or RecId eq '" + b + "')")).then()
                .statusCode(200).body("value.RecId", hasItem(a)).body("value.RecId", hasItem(b));
        list(Map.of("$filter", "RecId eq '" + a + "' or RecId eq '" + b + "'")).then().body("'@odata.count'",
                equalTo(2));
        list(Map.of("$filter", "RecId eq '" + a + "' and FirstName ne 'Opsa'")).then().statusCode(200)
                .body(emptyString());
        list(Map.of("$filter", "RecId ge '" + a + "' and RecId le '" + a + "'")).then().body("'@odata.count'",
                equalTo(1));
        list(Map.of("$filter", "RecId gt '" + a + "' and RecId lt '" + a + "'")).then().body(emptyString());
        list(Map.of("$filter", "not (FirstName eq 'Opsa')")).then().statusCode(400).body("code", equalTo("ISM_4000"));
    }

    @Test
    void row12_functionsSilentlyIgnoredSubstringofAndTypedLiteralsRejected() {
        int all = list(Map.of("$top", 1)).jsonPath().getInt("'@odata.count'");
        list(Map.of("$filter", "contains(LastName,'zzzz')", "$top", 1)).then().statusCode(200)
                .body("'@odata.count'", equalTo(all));
        list(Map.of("$filter", "startswith(LoginID,'nobody') eq true", "$top", 1)).then().statusCode(200)
                .body("'@odata.count'", equalTo(all));
        list(Map.of("$filter", "tolower(LoginID) eq 'x' and Status eq 'Active'", "$top", 1)).then()
                .body("'@odata.count'", equalTo(all));
        list(Map.of("$filter", "substringof('x',LoginID)")).then().statusCode(400).body("code", equalTo("ISM_4000"));
        list(Map.of("$filter", "CreatedDateTime gt datetime'2026-01-01T00:00:00'")).then().statusCode(400);
    }

    @Test
    void row13_filterSemanticsCaseQuotesNullDates() {
        String login = EmulatorClient.uniqueLogin("sem.obrien");
        String id = emu.createEmployeeId(login, "LastName", "O'Brien", "FirstName", "Harold");
        list(Map.of("$filter", "LoginID eq '" + login.toUpperCase() + "'")).then().statusCode(200)
                .body("value.RecId", contains(id));
        list(Map.of("$filter", "RecId eq '" + id + "' and LastName eq 'o''brien' and FirstName eq 'harold'")).then()
                .body("value.RecId", contains(id));
        list(Map.of("$filter", "RecId eq '" + id + "' and MiddleName eq '$NULL'")).then().body("value.RecId",
                contains(id));
        list(Map.of("$filter", "RecId eq '" + id + "' and MiddleName eq ''")).then().body(emptyString());
        list(Map.of("$filter", "RecId eq '" + id + "' and CreatedDateTime gt 2020-01-01")).then()
                .body("value.RecId", contains(id));
        list(Map.of("$filter",
                "RecId eq '" + id + "' and CreatedDateTime gt 2020-01-01T10:00:00Z and Disabled eq false"))
                .then().body("value.RecId", contains(id));
        list(Map.of("$filter", "HiredDate eq '$NULL'")).then().statusCode(400);
        list(Map.of("$filter", "LoginID eq")).then().statusCode(400).body("code", equalTo("ISM_4000"))
                .body("message", contains("Invalid Filter Value. Provide a valid Filter value and try again"));
        list(Map.of("$filter", "NoSuchField eq 'x'")).then().statusCode(400);
    }

    @Test
    void row14_orderbyAscDescUnknownIs204EmptyIs500() {
        List<String> asc = list(Map.of("$orderby", "LastName asc, RecId", "$top", 50)).jsonPath()
                .getList("value.LastName");
        List<String> sorted = new ArrayList<>(asc);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(sorted, asc);
        List<String> desc = list(Map.of("$orderby", "loginid desc", "$top", 50)).jsonPath().getList("value.LoginID");
        List<String> sortedDesc = new ArrayList<>(desc);
        sortedDesc.sort(String.CASE_INSENSITIVE_ORDER.reversed());
        assertEquals(sortedDesc, desc);
        list(Map.of("$orderby", "NoSuchField")).then().statusCode(204).body(emptyString());
        list(Map.of("$orderby", "LastName sideways")).then().statusCode(204);
        list(Map.of("$orderby", "")).then().statusCode(500).body("code", equalTo("ISM_5000"));
    }

    @Test
    void row15_selectListEmptyAndSingleRecord() {
        Response r = list(Map.of("$select", "RecId, loginid", "$top", 3));
        r.then().statusCode(200).body("'@odata.context'", endsWith("#employees(RecId,LoginID)")).body("value",
                hasSize(3));
        Map<String, Object> first = r.jsonPath().getMap("value[0]");
        assertEquals(List.of("RecId", "LoginID"), new ArrayList<>(first.keySet()));
        list(Map.of("$select", "")).then().statusCode(500).body("code", equalTo("ISM_5000"));
        String id = r.jsonPath().getString("value[0].RecId");
        Response one = emu.api().queryParam("$select", "RecId,LoginID").get(emu.entity("employees", id));
        one.then().statusCode(200);
        assertEquals(List.of("@odata.context"), new ArrayList<>(one.jsonPath().getMap("").keySet()));
    }

    @Test
    void row16_searchWordPrefixAndOrQuotes() {
        String login = EmulatorClient.uniqueLogin("srch");
        String id = emu.createEmployeeId(login, "FirstName", "Quintessa", "LastName", "Vandermolen", "Title",
                "Zymurgy Lead");
        list(Map.of("$search", "quint")).then().statusCode(200).body("value.RecId", contains(id));
        list(Map.of("$search", "QUINT vander")).then().body("value.RecId", contains(id));
        list(Map.of("$search", "quint zzzznothing")).then().body(emptyString());
        list(Map.of("$search", "zzzznothing or zymurgy")).then().body("value.RecId", contains(id));
        list(Map.of("$search", "intessa")).then().body(emptyString()); // word prefix, not substring
        list(Map.of("$search", "\"Quintessa Vandermolen\"")).then().statusCode(200).body(emptyString());
        list(Map.of("$search", "quint", "$filter", "Status eq 'Inactive'")).then().body(emptyString());
        list(Map.of("$search", "quint", "$filter", "Status eq 'Active'")).then().body("value.RecId", contains(id));
    }

    @Test
    void row17_expandIsIgnored() {
        String with = list(Map.of("$expand", "EmployeeAssociatedStandardUserTeam", "$orderby", "RecId", "$top", 5))
                .then().statusCode(200).extract().path("value.RecId").toString();
        String without = list(Map.of("$orderby", "RecId", "$top", 5)).then().extract().path("value.RecId").toString();
        assertEquals(without, with);
    }

    @Test
    void row18_getByKeyEntityContextUnknownKeyIs400() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("key"));
        emu.api().get(emu.entity("employees", id)).then().statusCode(200)
                .body("'@odata.context'", endsWith("/api/odata/$metadata#employees/$entity"))
                .body("RecId", equalTo(id));
        emu.api().get(emu.entity("employees", "00000000000000000000000000000000")).then().statusCode(400)
                .body("code", equalTo("ISM_4000")).body("message", contains("Invalid key"));
        emu.api().get(emu.odata("employees") + "(' ')").then().statusCode(400)
                .body("message", contains("Key value cannot be empty"));
    }

    // ---------------------------------------------------------------- writes

    @Test
    void row19_createReturns201FullRecordAndValidates() {
        String login = EmulatorClient.uniqueLogin("create");
        Response r = emu.createEmployee(EmulatorClient.employeeBody(login, "FirstName", "John", "MiddleName",
                "Michael", "LastName", "Doe", "InternalAuthPasswd", "S3cret!"));
        r.then().statusCode(201).body("RecId", matchesPattern("[0-9A-F]{32}"))
                .body("'@odata.context'", endsWith("#employees/$entity")).body("DisplayName", equalTo("John M Doe"))
                .body("CreatedBy", equalTo("scim-bridge")).body("LastModBy", equalTo("scim-bridge"))
                .body("CreatedDateTime", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("TerminatedDate", equalTo("0001-01-01T00:00:00Z")).body("Status_Valid", not(nullValue()))
                .body("InternalAuthPasswd", not(equalTo("S3cret!"))).body("$", hasKey("PrimaryPhone"));
        emu.api().contentType(ContentType.JSON).body("").post(emu.odata("employees")).then().statusCode(400)
                .body("code", equalTo("ISM_4000")).body("message", contains("Message body cannot be empty."));
        emu.api().contentType(ContentType.JSON).body("not json{").post(emu.odata("employees")).then()
                .statusCode(400).body("message", contains("Invalid Business Object."));
        emu.createEmployee(Map.of("LoginID", EmulatorClient.uniqueLogin("partial"), "FirstName", "A")).then()
                .statusCode(400).body("code", equalTo("ISM_4000"))
                .body("message", contains("Required field Employee.LastName value must be provided.",
                        "Required field Employee.PrimaryEmail value must be provided.",
                        "Required field Employee.Status value must be provided."));
        emu.createEmployee(EmulatorClient.employeeBody(EmulatorClient.uniqueLogin("unk"), "NoSuchField", "x")).then()
                .statusCode(400).body("code", equalTo("ISM_4000"));
        // Duplicate LoginID, case-insensitive: 400 ISM_4000 naming LoginID (GUESS, §4.1).
        emu.createEmployee(EmulatorClient.employeeBody(login.toUpperCase())).then().statusCode(400)
                .body("code", equalTo("ISM_4000")).body("message[0]", containsString("'LoginID'"));
        // Field names in writes are case-insensitive.
        emu.createEmployee(Map.of("loginid", EmulatorClient.uniqueLogin("ci"), "firstname", "Ci", "LASTNAME", "Case",
                "primaryemail", "ci@example.test", "status", "active")).then().statusCode(201)
                .body("Status", equalTo("Active")).body("FirstName", equalTo("Ci"));
    }

    @Test
    void row20_putAndPatchMergeUnknownIdIs400() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("upd"), "Title", "Engineer");
        emu.api().contentType(ContentType.JSON).body(Map.of("Status", "Terminated", "Disabled", true))
                .patch(emu.entity("employees", id)).then().statusCode(200).body("Status", equalTo("Terminated"))
                .body("Disabled", equalTo(true)).body("Title", equalTo("Engineer"))
                .body("'@odata.context'", endsWith("#employees/$entity"));
        Response put = emu.api().contentType(ContentType.JSON).body(Map.of("Title", "Manager"))
                .put(emu.entity("employees", id));
        put.then().statusCode(200).body("Title", equalTo("Manager")).body("Status", equalTo("Terminated"));
        String created = put.jsonPath().getString("CreatedDateTime");
        String modified = put.jsonPath().getString("LastModDateTime");
        assertTrue(OffsetDateTime.parse(modified).isAfter(OffsetDateTime.parse(created)));
        emu.api().contentType(ContentType.JSON).body(Map.of("Title", "X"))
                .patch(emu.entity("employees", "0123456789ABCDEF0123456789ABCDEF")).then().statusCode(400)
                .body("message", contains("Record '0123456789ABCDEF0123456789ABCDEF' cannot be found in the business "
                        + "object 'Employee'"));
    }

    @Test
    void row21_deleteIs204EvenForMissingId() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("del"));
        emu.api().delete(emu.entity("employees", id)).then().statusCode(204).body(emptyString());
        emu.api().get(emu.entity("employees", id)).then().statusCode(400);
        emu.api().delete(emu.entity("employees", id)).then().statusCode(204);
    }

    @Test
    void row22_linkAndUnlinkReturnIsm2000() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("link"));
        String ref = emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam('" + EmulatorClient.IT_TEAM_ID
                + "')/$Ref";
        emu.api().patch(ref).then().statusCode(200).body("code", equalTo("ISM_2000")).body("description",
                equalTo("Ok")).body("message", contains("Successfully Created the link")).body("help", equalTo(""));
        // Visible from both sides.
        emu.api().queryParam("$top", 100).get(emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam")
                .then().statusCode(200).body("value.RecId", contains(EmulatorClient.IT_TEAM_ID));
        boolean seen = false;
        for (int skip = 0; !seen; skip += 100) {
            Response r = emu.api().queryParam("$top", 100).queryParam("$skip", skip).get(emu.entity(
                    "standarduserteams", EmulatorClient.IT_TEAM_ID) + "/StandardUserTeamAssociatedEmployee");
            if (r.jsonPath().get("value") instanceof String) {
                break;
            }
            seen = r.jsonPath().getList("value.RecId").contains(id);
        }
        assertTrue(seen);
        emu.api().delete(ref).then().statusCode(200).body("code", equalTo("ISM_2000"))
                .body("message", contains("Successfully Deleted the link"));
        emu.api().delete(ref).then().statusCode(200).body("code", equalTo("ISM_2000")); // never linked: accepted
        emu.api().patch(emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam('1234')/$Ref").then()
                .statusCode(400).body("message", contains("Record '1234' cannot be found in the related business "
                        + "object 'StandardUserTeam#'"));
    }

    @Test
    void row23_navPropertyCollectionOrNoInstancesString() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("nav"));
        String nav = emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam";
        emu.api().get(nav).then().statusCode(200).body("value", equalTo("No instances found."));
        emu.api().patch(emu.entity("employees", id) + "/EmployeeAssociatedStandardUserTeam('"
                + EmulatorClient.IT_TEAM_ID + "')/$Ref").then().statusCode(200);
        emu.api().get(nav).then().statusCode(200)
                .body("'@odata.context'", endsWith("#Collection(MetaData.standarduserteam)"))
                .body("value[0].Team", equalTo("IT"));
        Response sel = emu.api().queryParam("$select", "RecId,Team").queryParam("$top", 1).get(nav);
        assertEquals(List.of("RecId", "Team"), new ArrayList<>(sel.jsonPath().getMap("value[0]").keySet()));
        emu.api().queryParam("$skip", 1).get(nav).then().body("value", equalTo("No instances found."));
    }

    @Test
    void row24_metadataEdmxXml() {
        Response r = emu.api().get(emu.tenant() + "/api/odata/employees/$metadata");
        r.then().statusCode(200).contentType(containsString("xml"));
        String xml = r.asString();
        assertTrue(xml.contains("<edmx:Edmx Version=\"4.0\""));
        assertTrue(xml.contains("<Schema Namespace=\"MetaData\""));
        assertTrue(xml.contains("<EntityType Name=\"employee\">"));
        assertTrue(xml.contains("<PropertyRef Name=\"RecId\"/>"));
        assertTrue(xml.contains("<Property Name=\"LastModDateTime\" Type=\"Edm.DateTimeOffset\"/>"));
        assertTrue(xml.contains("<Property Name=\"Disabled\" Type=\"Edm.Boolean\"/>"));
        assertTrue(xml.contains("<NavigationProperty Name=\"EmployeeAssociatedStandardUserTeam\" "
                + "Type=\"Collection(MetaData.standarduserteam)\"/>"));
        assertTrue(xml.contains("<EntityType Name=\"standarduserteam\">"));
        String teams = emu.api().get(emu.tenant() + "/api/odata/standarduserteams/$metadata").asString();
        assertTrue(teams.contains("<NavigationProperty Name=\"StandardUserTeamAssociatedEmployee\" "
                + "Type=\"Collection(MetaData.employee)\"/>"));
        emu.api().accept(ContentType.JSON).get(emu.tenant() + "/api/odata/employees/$metadata").then().statusCode(500);
        String unknown = emu.api().get(emu.tenant() + "/api/odata/nonexistents/$metadata").then().statusCode(200)
                .extract().asString();
        assertTrue(unknown.contains("<EntityType Name=\"nonexistent\"/>"));
        emu.api().get(emu.tenant() + "/api/odata/$metadata").then().statusCode(404).body("code", equalTo("ISM_4004"));
        emu.api().get(emu.tenant() + "/api/odata/businessobject/$metadata").then().statusCode(404);
    }

    @Test
    void row25_errorBodyShapeAndEntityEncoded500() {
        Response r = list(Map.of("$top", 1000));
        Map<String, Object> body = r.jsonPath().getMap("");
        assertEquals(List.of("code", "description", "message", "help"), new ArrayList<>(body.keySet()));
        assertTrue(body.get("message") instanceof List);
        emu.faults(Map.of("errorRate", 1.0));
        list(Map.of("$top", 1)).then().statusCode(500).body("code", equalTo("ISM_5000"))
                .body("message[0]", containsString("Unhandled system exception: {&quot;error&quot;"));
    }

    @Test
    void row26_aboveDailyLimitResponsesAreSlowedNot429() {
        emu.faults(Map.of("dailyCallLimit", 0, "overLimitLatencyMs", 1));
        Map<String, Long> d = emu.deltas(() -> list(Map.of("$top", 1)).then().statusCode(200), "throttled",
                "fault.429");
        assertEquals(1L, d.get("throttled"));
        assertEquals(0L, d.get("fault.429"));
    }

    @Test
    void row27_datesIsoUtcUnsetMinAndTenantOffset() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("date"), "HiredDate", "2024-03-01T09:30:00+05:30");
        emu.api().get(emu.entity("employees", id)).then().body("HiredDate", equalTo("2024-03-01T04:00:00Z"))
                .body("TerminatedDate", equalTo("0001-01-01T00:00:00Z"));
        emu.settings(Map.of("tenantOffset", "+05:30"));
        emu.api().get(emu.entity("employees", id)).then().body("HiredDate", equalTo("2024-03-01T09:30:00+05:30"));
        // Filters accept both forms.
        list(Map.of("$filter", "RecId eq '" + id + "' and HiredDate eq 2024-03-01T04:00:00Z")).then()
                .body("value.RecId", contains(id));
        emu.api().queryParam("$filter", "RecId eq '" + id + "' and HiredDate eq 2024-03-01T09:30:00+05:30")
                .get(emu.odata("employees")).then().body("value.RecId", contains(id));
    }

    @Test
    void row28_employeeShapeLoginIdUniqueDisabledIndependent() {
        String login = EmulatorClient.uniqueLogin("shape");
        String mgr = list(Map.of("$filter", "LoginID eq 'olivia.smith'")).jsonPath().getString("value[0].RecId");
        Response r = emu.createEmployee(EmulatorClient.employeeBody(login, "Disabled", "true", "ManagerLink_RecID", mgr,
                "Team", "it"));
        r.then().statusCode(201).body("Status", equalTo("Active")).body("Disabled", equalTo(true))
                .body("ManagerLink", equalTo(mgr)).body("ManagerLink_Category", equalTo("Employee"))
                .body("ManagerEmail", equalTo("olivia.smith@acme.example")).body("Team", equalTo("IT"))
                .body("Team_Valid", equalTo(EmulatorClient.IT_TEAM_ID));
        Map<String, Object> rec = r.jsonPath().getMap("");
        for (String f : List.of("RecId", "LoginID", "NetworkUserName", "FirstName", "MiddleName", "LastName",
                "DisplayName", "PrimaryEmail", "Title", "Department", "OrgUnitLink_RecID", "LocationLink_RecID",
                "Status_Valid", "VIP", "IsInternalAuth", "HiredDate", "CreatedBy", "LastModBy")) {
            assertTrue(rec.containsKey(f), f);
        }
        assertNotEquals(rec.get("Status"), rec.get("Disabled"));
        list(Map.of("$filter", "Status eq 'Active' and Disabled eq true", "$select", "RecId,Status,Disabled",
                "$top", 100)).then().statusCode(200).body("value.Status", everyItem(equalTo("Active")))
                .body("value.Disabled", everyItem(equalTo(true)));
        given().get(emu.tenant() + "/api/odata/businessobject/employees").then().statusCode(401);
    }
}
