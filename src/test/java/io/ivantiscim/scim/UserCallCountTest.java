package io.ivantiscim.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;

/** Ivanti calls per SCIM operation, counted by the emulator: the floors the Users issue sets. */
@QuarkusTest
class UserCallCountTest {

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void eachOperationCostsTheFewestCalls() {
        String login = EmulatorClient.uniqueLogin("count.user") + "@example.test";
        String[] id = new String[1];

        long post = emulator.calls(() -> id[0] = Scim.idp().body(IdpBodies.load("okta-create-user.json", login))
                .post("/Users").then().statusCode(201).extract().path("id"), "total");
        assertTrue(post <= 2, "POST cost " + post + " calls");

        assertEquals(1, emulator.calls(() -> Scim.idp().get("/Users/" + id[0]).then().statusCode(200), "total"));

        assertEquals(1, emulator.calls(() -> Scim.idp().queryParam("filter", "userName eq \"" + login + "\"")
                .get("/Users").then().statusCode(200), "total"));

        assertEquals(1, emulator.calls(() -> Scim.idp().queryParam("startIndex", 1).queryParam("count", 100)
                .get("/Users").then().statusCode(200), "total"));

        long deactivate = emulator.calls(() -> Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0"
                + ":PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
                .patch("/Users/" + id[0]).then().statusCode(200), "total");
        assertTrue(deactivate <= 2, "PATCH active=false cost " + deactivate + " calls");

        long noop = emulator.calls(() -> Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0"
                + ":PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
                .patch("/Users/" + id[0]).then().statusCode(200), "total");
        assertEquals(1, noop, "a PATCH that changes nothing writes nothing");
    }

    @Test
    void aPageOf1000IsAssembledFromPagesOf100() {
        // Tests share one application (docs/build-notes.md pitfall 4): top the visible users up to a full page of
        // 1000 rather than assume how many exist; generated employees are seen by SCIM like any other.
        // Some generated employees are deactivated or deleted, so top up until the page is full.
        int visible = visibleUsers();
        for (int round = 0; round < 5 && visible < 1000; round++) {
            emulator.generate(1000 - visible);
            visible = visibleUsers();
        }
        assertTrue(visible >= 1000, visible + " visible users, fewer than a page of 1000");
        int[] returned = new int[1];
        String correlationId = "page-1000-" + EmulatorClient.uniqueLogin("p");
        long calls = emulator.calls(() -> returned[0] = Scim.idp().header(RequestIds.HEADER, correlationId)
                .queryParam("startIndex", 1).queryParam("count", 1000).get("/Users").then().statusCode(200)
                .extract().path("itemsPerPage"), "employees.list");
        assertEquals(1000, returned[0]);
        assertEquals(10, calls, "a SCIM page of 1000 is ten Ivanti pages of 100");
        // The pages read on the pool's threads are the request's calls too, on its audit event.
        Admin.flush();
        List<Map<String, Object>> events = Admin.admin().queryParam("kind", "scim").queryParam("limit", 500)
                .get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> list = events.stream().filter(e -> correlationId.equals(e.get("correlationId")))
                .findFirst().orElseThrow(() -> new AssertionError("no audit event for " + correlationId));
        assertEquals(10, ((Number) list.get("ivantiCalls")).longValue(), list.toString());
    }

    private static int visibleUsers() {
        return Scim.idp().queryParam("count", 0).get("/Users").then().statusCode(200).extract().path("totalResults");
    }
}
