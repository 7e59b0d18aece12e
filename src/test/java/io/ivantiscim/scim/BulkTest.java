package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.mapping.ScimMapper;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** {@code POST /Bulk} over HTTP (RFC 7644 §3.7): bulkId graphs, failOnErrors, refusals, retries, and its cost. */
@QuarkusTest
class BulkTest {

    private final EmulatorClient emulator = new EmulatorClient();

    private static JsonPath send(BulkTesting bulk) {
        return send(Scim.idp(), bulk);
    }

    private static JsonPath send(RequestSpecification request, BulkTesting bulk) {
        return request.body(bulk.json()).post("/Bulk").then().statusCode(200)
                .contentType(containsString(ScimJson.MEDIA_TYPE))
                .body("schemas", hasItem(BulkTesting.BULK_RESPONSE))
                .extract().jsonPath();
    }

    private static String login(String prefix) {
        return EmulatorClient.uniqueLogin(prefix) + "@example.test";
    }

    private static int usersNamed(String login) {
        return Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users").then().statusCode(200)
                .extract().path("totalResults");
    }

    private static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void bulkIdsLinkAGroupToUsersAndAUserToItsManagerWhateverTheOrder() {
        String manager = login("bulk.manager");
        String report = login("bulk.report");
        String name = GroupTesting.uniqueName("Bulk Team");
        JsonPath response = send(new BulkTesting()
                .group("g", name, List.of("bulkId:boss", "bulkId:report"))
                .patch("/Users/bulkId:report", "title", "Engineer")
                .user("report", report, "bulkId:boss")
                .user("boss", manager, null));

        assertEquals(List.of("POST", "PATCH", "POST", "POST"), response.getList("Operations.method"));
        assertEquals(List.of("201", "200", "201", "201"), response.getList("Operations.status"));
        assertEquals("g", response.getString("Operations[0].bulkId"));
        String groupId = idOf(response.getString("Operations[0].location"));
        String reportId = idOf(response.getString("Operations[2].location"));
        String bossId = idOf(response.getString("Operations[3].location"));
        assertTrue(response.getString("Operations[0].location").endsWith("/scim/v2/Groups/" + groupId));
        assertTrue(response.getString("Operations[1].location").endsWith("/scim/v2/Users/" + reportId));
        for (int i = 0; i < 4; i++) {
            assertTrue(response.getString("Operations[" + i + "].version").startsWith("W/"), "version of " + i);
        }

        assertEquals(new TreeSet<>(Set.of(bossId, reportId)), GroupTesting.members(groupId));
        Scim.idp().get("/Users/" + reportId).then().statusCode(200)
                .body("title", equalTo("Engineer"))
                .body("'" + BulkTesting.ENTERPRISE + "'.manager.value", equalTo(bossId));

        // One audit event per operation, under the bulk's correlation id; the bulk's own event has the calls.
        Admin.flush();
        List<Map<String, Object>> rows = Admin.admin().queryParam("resourceId", reportId).queryParam("kind", "scim")
                .get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("$");
        List<Map<String, Object>> ops = rows.stream()
                .filter(r -> r.get("detail") != null && r.get("detail").toString().startsWith("Bulk operation "))
                .toList();
        assertEquals(List.of("PATCH", "POST"), ops.stream().map(r -> r.get("action").toString()).sorted().toList(),
                rows.toString());
        Object correlationId = ops.get(0).get("correlationId");
        List<Map<String, Object>> all = Admin.admin().queryParam("kind", "scim").queryParam("limit", 500)
                .get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("$");
        List<Map<String, Object>> bulk = all.stream().filter(r -> correlationId.equals(r.get("correlationId")))
                .toList();
        assertEquals(5, bulk.size(), "four operations and the bulk itself: " + bulk);
        assertTrue(bulk.stream().anyMatch(r -> "Bulk".equals(r.get("resourceType"))
                && ((Number) r.get("ivantiCalls")).intValue() > 0), bulk.toString());
    }

    @Test
    void failOnErrorsStopsTheBulkAfterThatManyFailures() {
        BulkTesting bulk = new BulkTesting().failOnErrors(2);
        // Refused before any Ivanti call (no userName), so the two failures come first and fast.
        ObjectNode nameless = ScimMapper.MAPPER.createObjectNode();
        nameless.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        bulk.post("/Users", "bad1", nameless).post("/Users", "bad2", nameless.deepCopy());
        List<String> logins = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            logins.add(login("bulk.stop" + i));
            bulk.user("ok" + i, logins.get(i), null);
        }
        JsonPath response = send(bulk);

        List<String> statuses = response.getList("Operations.status");
        assertEquals("400", statuses.get(0));
        assertEquals("400", statuses.get(1));
        assertEquals("invalidValue", response.getString("Operations[0].response.scimType"));
        assertTrue(statuses.size() < 47, statuses.size() + " operations ran although the bulk was to stop");
        assertEquals(0, usersNamed(logins.get(44)), "the last operation never ran");
        List<String> ran = response.getList("Operations.bulkId");
        for (int i = 0; i < 45; i++) {
            if (!ran.contains("ok" + i)) {
                assertEquals(0, usersNamed(logins.get(i)), "ok" + i + " is not in the response, so not created");
                break;
            }
        }

        // Without failOnErrors the bulk goes on past every failure (RFC 7644 §3.7).
        String late = login("bulk.late");
        JsonPath all = send(new BulkTesting().post("/Users", "bad", nameless).user("late", late, null));
        assertEquals(List.of("400", "201"), all.getList("Operations.status"));
        assertEquals(1, usersNamed(late));
    }

    @Test
    void circularReferencesAre400AndWriteNothing() {
        String a = login("bulk.cycle.a");
        String b = login("bulk.cycle.b");
        long calls = emulator.calls(() -> Scim.idp().body(new BulkTesting()
                .user("a", a, "bulkId:b")
                .user("b", b, "bulkId:a").json())
                .post("/Bulk").then().statusCode(400)
                .body("scimType", equalTo("invalidValue"))
                .body("detail", containsString("Circular bulkId references"))
                .body("detail", containsString("a → b → a")), "total");
        assertEquals(0, calls, "a refused graph costs no Ivanti call");
        assertEquals(0, usersNamed(a));
    }

    @Test
    void anUnknownBulkIdIs400() {
        long calls = emulator.calls(() -> Scim.idp().body(new BulkTesting()
                .user("u", login("bulk.known"), null)
                .group("g", GroupTesting.uniqueName("Bulk Ghosts"), List.of("bulkId:u", "bulkId:ghost")).json())
                .post("/Bulk").then().statusCode(400)
                .body("status", equalTo("400"))
                .body("scimType", equalTo("invalidValue"))
                .body("detail", containsString("Operations[1] refers to bulkId:ghost")), "total");
        assertEquals(0, calls);
    }

    @Test
    void aRetriedBulkCreatesNoDuplicates() {
        String one = login("bulk.retry.one");
        String two = login("bulk.retry.two");
        String name = GroupTesting.uniqueName("Bulk Retry");
        BulkTesting bulk = new BulkTesting()
                .user("one", one, null)
                .user("two", two, "bulkId:one")
                .group("g", name, List.of("bulkId:one", "bulkId:two"));
        assertEquals(List.of("201", "201", "201"), send(bulk).getList("Operations.status"));

        JsonPath again = send(bulk);
        assertEquals(List.of("409", "409", "409"), again.getList("Operations.status"));
        assertEquals("uniqueness", again.getString("Operations[0].response.scimType"));
        assertEquals("one", again.getString("Operations[0].bulkId"));
        assertTrue(again.getString("Operations[2].response.detail").contains("bulkId:one"),
                again.getString("Operations[2].response.detail"));

        assertEquals(1, usersNamed(one));
        assertEquals(1, usersNamed(two));
        Scim.idp().queryParam("filter", "displayName eq \"" + name + "\"").get("/Groups").then().statusCode(200)
                .body("totalResults", is(1));
    }

    @Test
    void eachOperationFailsOnItsOwnWithTheSingleEndpointsAnswer() {
        String taken = login("bulk.taken");
        Scim.idp().body(IdpBodies.load("okta-create-user.json", taken)).post("/Users").then().statusCode(201);
        String fresh = login("bulk.fresh");
        // An unresolvable manager is a warning, not a failure (docs/idp-contracts.md §4), in a bulk too.
        JsonPath response = send(new BulkTesting()
                .user("dup", taken, null)
                .delete("/Users/0123456789ABCDEF0123456789ABCDEF")
                .delete("/Widgets/1")
                .delete("/Users")
                .user("fresh", fresh, "nobody-" + fresh));
        assertEquals(List.of("409", "404", "404", "405", "201"), response.getList("Operations.status"));
        assertEquals("uniqueness", response.getString("Operations[0].response.scimType"));
        assertEquals("409", response.getString("Operations[0].response.status"));
        assertTrue(response.getString("Operations[1].location").endsWith("/Users/0123456789ABCDEF0123456789ABCDEF"));
        assertEquals(1, usersNamed(fresh));
    }

    @Test
    void malformedBulkRequestsAre400BeforeAnythingRuns() {
        Scim.idp().body("{\"Operations\":[]}").post("/Bulk").then().statusCode(400)
                .body("scimType", equalTo("invalidSyntax")).body("detail", containsString(BulkTesting.BULK_REQUEST));
        Scim.idp().body(new BulkTesting().failOnErrors(0).json()).post("/Bulk").then().statusCode(400)
                .body("scimType", equalTo("invalidValue")).body("detail", containsString("failOnErrors"));
        ObjectNode get = ScimMapper.MAPPER.createObjectNode().put("method", "GET").put("path", "/Users");
        Scim.idp().body(new BulkTesting().user("u", login("bulk.never"), null).raw(get).json()).post("/Bulk")
                .then().statusCode(400)
                .body("scimType", equalTo("invalidSyntax")).body("detail", containsString("Operations[1]"));
        ObjectNode bulkIdOnDelete = ScimMapper.MAPPER.createObjectNode().put("method", "DELETE")
                .put("path", "/Users/1").put("bulkId", "d");
        Scim.idp().body(new BulkTesting().raw(bulkIdOnDelete).json()).post("/Bulk").then().statusCode(400)
                .body("detail", containsString("Operations[0]"));
        Scim.anonymous().contentType(ScimJson.MEDIA_TYPE).body(new BulkTesting().json()).post("/Bulk").then()
                .statusCode(401).body("detail", notNullValue());
        // The endpoint name has no case (RFC 7644 §3.2), as for /users; an empty bulk does nothing.
        Scim.idp().body(new BulkTesting().json()).post("/bulk").then().statusCode(200)
                .body("schemas", hasItem(BulkTesting.BULK_RESPONSE)).body("Operations.size()", is(0));
    }

    /**
     * A bulk at the default bridge.scim.bulk.max-operations (50; the figure scaled down from 1,000): 45 users,
     * one group of 40 of them, 4 deletes of the others.
     */
    @Test
    void aBulkAtTheLimitCostsTheSingleRequestsCalls() {
        BulkTesting bulk = new BulkTesting();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            bulk.user("u" + i, login("bulk.k" + i), null);
            if (i < 40) {
                members.add("bulkId:u" + i);
            }
        }
        String name = GroupTesting.uniqueName("Bulk Fifty");
        bulk.group("team", name, members);
        for (int i = 40; i < 44; i++) {
            bulk.delete("/Users/bulkId:u" + i);
        }
        JsonPath[] response = new JsonPath[1];
        // Hundreds of Ivanti calls can take minutes on a loaded 2-core build machine: more than RestAssured's 30 s.
        String correlationId = "bulk-50-" + EmulatorClient.uniqueLogin("k");
        RequestSpecification patient = Scim.idp().header(RequestIds.HEADER, correlationId)
                .config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", (int) Duration.ofMinutes(10).toMillis())));
        Map<String, Long> calls = emulator.deltas(() -> response[0] = send(patient, bulk), "total",
                "employees.list", "employees.create", "employees.update", "link");
        List<String> statuses = response[0].getList("Operations.status");
        assertEquals(50, statuses.size());
        assertEquals(46, statuses.stream().filter("201"::equals).count(), statuses.toString());
        assertEquals(4, statuses.stream().filter("204"::equals).count());

        // Per user: the userName uniqueness read and the create; the group: its member checks (as many ids per read
        // as fit bridge.ivanti.max-query-length, about 33, so 2), its name read, its create
        // and 40 links; per delete: the read and the Status write.
        long checks = calls.get("employees.list") - 45 - 4;
        assertEquals(2, checks, calls.toString());
        long expected = 45 * 2 + (checks + 2 + 40) + 4 * 2;
        assertEquals(expected, calls.get("total"), "Ivanti calls of a bulk of 50: " + calls);
        assertEquals(45, calls.get("employees.create"));
        assertEquals(40, calls.get("link"));
        // The bridge's own count, on the bulk's audit event, is the same: calls on the pool's threads are the bulk's.
        Admin.flush();
        List<Map<String, Object>> events = Admin.admin().queryParam("kind", "scim").queryParam("limit", 1000)
                .get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> bulkEvent = events.stream().filter(e -> correlationId.equals(e.get("correlationId"))
                && "Bulk".equals(e.get("resourceType"))).findFirst().orElseThrow();
        assertEquals(expected, ((Number) bulkEvent.get("ivantiCalls")).longValue(), bulkEvent.toString());

        String groupId = idOf(response[0].getString("Operations[45].location"));
        Scim.idp().queryParam("attributes", "members").get("/Groups/" + groupId).then().statusCode(200)
                .body("members.size()", is(40));
        // Tests share one application: a big team would slow every later group list that reads members.
        Scim.idp().delete("/Groups/" + groupId).then().statusCode(204);
        Scim.idp().get("/Users/" + idOf(response[0].getString("Operations[42].location"))).then().statusCode(404);
        Scim.idp().get("/Users/" + idOf(response[0].getString("Operations[44].location"))).then().statusCode(200);
    }
}
