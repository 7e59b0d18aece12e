package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.provisioning.CursorPosition;
import io.ivantiscim.provisioning.Cursors;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Cursor paging (RFC 9865) on /Users, /Groups and /.search, black-box over HTTP against the emulator. */
@QuarkusTest
class CursorPagingTest {

    private static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void aWalkUnderConcurrentInsertsSeesEveryExistingUserExactlyOnce() {
        emulator.generate(300);
        Set<String> before = allIdsByIndex();
        Map<String, Integer> seen = new HashMap<>();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            JsonPath page = Scim.idp().queryParam("cursor", cursor).queryParam("count", 97).get("/Users").then()
                    .statusCode(200).extract().jsonPath();
            page.getList("Resources.id", String.class).forEach(id -> seen.merge(id, 1, Integer::sum));
            // Records created between pages land before and after the cursor (RecIds are random).
            for (int i = 0; i < 3; i++) {
                emulator.createEmployeeId(EmulatorClient.uniqueLogin("cursor.walk"));
            }
            cursor = page.getString("nextCursor");
            pages++;
            assertTrue(pages < 10_000, "the walk does not end");
        }
        for (String id : before) {
            assertEquals(1, seen.getOrDefault(id, 0), "user " + id + " seen " + seen.get(id) + " times");
        }
        seen.forEach((id, times) -> assertEquals(1, times, "user " + id + " seen twice"));
    }

    @Test
    void aWalkCostsOneIvantiCallPerPageOfAHundred() {
        emulator.generate(250);
        int visible = Scim.idp().queryParam("count", 0).get("/Users").then().statusCode(200).extract()
                .path("totalResults");
        int[] returned = new int[1];
        long calls = emulator.calls(() -> returned[0] = walk("/Users", 100), "employees.list");
        assertEquals(visible, returned[0]);
        // The last page is known only by a short page: a walk of N costs ⌊N/100⌋ + 1 reads, ⌈N/100⌉ unless N is a
        // multiple of 100.
        assertEquals(visible / 100 + 1, calls, "a cursor walk of " + visible + " users");
    }

    @Test
    void previousCursorGoesBackAndTheFirstPageHasNone() {
        JsonPath first = Scim.idp().queryParam("cursor", "").queryParam("count", 5).get("/Users").then()
                .statusCode(200).body("previousCursor", nullValue()).body("startIndex", nullValue())
                .body("itemsPerPage", equalTo(5)).extract().jsonPath();
        JsonPath second = Scim.idp().queryParam("cursor", first.getString("nextCursor")).queryParam("count", 5)
                .get("/Users").then().statusCode(200).body("previousCursor", notNullValue()).extract().jsonPath();
        Scim.idp().queryParam("cursor", second.getString("previousCursor")).queryParam("count", 5).get("/Users")
                .then().statusCode(200).body("Resources.id", equalTo(first.getList("Resources.id")));
    }

    @Test
    void searchAndGroupsPageByCursorToo() {
        String login = EmulatorClient.uniqueLogin("cursor.search");
        for (int i = 0; i < 3; i++) {
            Scim.idp().body(IdpBodies.load("okta-create-user.json", login + "." + i + "@example.test"))
                    .post("/Users").then().statusCode(201);
        }
        List<String> found = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonPath page = Scim.idp().body(Map.of("schemas", List.of(SEARCH), "filter",
                    "userName sw \"" + login + ".\"", "cursor", cursor, "count", 2)).post("/Users/.search").then()
                    .statusCode(200).extract().jsonPath();
            found.addAll(page.getList("Resources.userName", String.class));
            cursor = page.getString("nextCursor");
        }
        assertEquals(3, found.size(), "found " + found);
        for (int i = 0; i < 3; i++) {
            Scim.idp().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName",
                    login + " group " + i)).post("/Groups").then().statusCode(201);
        }
        int groups = Scim.idp().queryParam("count", 0).get("/Groups").then().statusCode(200).extract()
                .path("totalResults");
        assertEquals(groups, walk("/Groups", 2));
    }

    @Test
    void aForgedOrAlteredCursorIsInvalidCursor() {
        String next = Scim.idp().queryParam("cursor", "").queryParam("count", 2).get("/Users").then().statusCode(200)
                .extract().path("nextCursor");
        assertNotNull(next);
        String altered = next.substring(0, 5) + (next.charAt(5) == 'A' ? 'B' : 'A') + next.substring(6);
        for (String bad : List.of(altered, "not-a-cursor", "AAAA.AAAA",
                Cursors.withSecret("another-secret", Duration.ofMinutes(10), Clock.systemUTC())
                        .write("Users", null, 2, new CursorPosition(true, null, 0, -1)))) {
            Scim.idp().queryParam("cursor", bad).queryParam("count", 2).get("/Users").then().statusCode(400)
                    .body("scimType", equalTo("invalidCursor")).body("status", equalTo("400"));
        }
        // A cursor of /Users is not one of /Groups, nor of another filter.
        Scim.idp().queryParam("cursor", next).queryParam("count", 2).get("/Groups").then().statusCode(400)
                .body("scimType", equalTo("invalidCursor"));
        Scim.idp().queryParam("cursor", next).queryParam("count", 2).queryParam("filter", "active eq true")
                .get("/Users").then().statusCode(400).body("scimType", equalTo("invalidCursor"));
        Scim.idp().queryParam("cursor", next).queryParam("count", 3).get("/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidCount"));
    }

    @Test
    void anExpiredCursorIsExpiredCursor() {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String old = Cursors.withSecret("test-cursor-secret", Duration.ofMinutes(10), anHourAgo)
                .write("Users", null, 2, new CursorPosition(true, null, 0, -1));
        Scim.idp().queryParam("cursor", old).queryParam("count", 2).get("/Users").then().statusCode(400)
                .body("scimType", equalTo("expiredCursor"));
        String fresh = Cursors.withSecret("test-cursor-secret", Duration.ofMinutes(10), Clock.systemUTC())
                .write("Users", null, 2, new CursorPosition(true, null, 0, -1));
        Scim.idp().queryParam("cursor", fresh).queryParam("count", 2).get("/Users").then().statusCode(200);
    }

    @Test
    void cursorWithStartIndexIsRefusedAndIndexPagingIsUnchanged() {
        Scim.idp().queryParam("cursor", "").queryParam("startIndex", 1).get("/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        Scim.idp().body(Map.of("schemas", List.of(SEARCH), "cursor", "", "startIndex", 1)).post("/Groups/.search")
                .then().statusCode(400).body("scimType", equalTo("invalidValue"));
        Scim.idp().queryParam("startIndex", 1).queryParam("count", 2).get("/Users").then().statusCode(200)
                .body("startIndex", equalTo(1)).body("nextCursor", nullValue());
        Scim.idp().queryParam("cursor", "").queryParam("sortBy", "userName").get("/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidValue"));
    }

    @Test
    void serviceProviderConfigAdvertisesBothMethods() {
        Scim.idp().get("/ServiceProviderConfig").then().statusCode(200)
                .body("pagination.cursor", equalTo(true)).body("pagination.index", equalTo(true))
                .body("pagination.defaultPaginationMethod", equalTo("index"))
                .body("pagination.cursorTimeout", equalTo(600)).body("pagination.maxPageSize", equalTo(1000));
    }

    /** Walks a resource type by cursor; returns how many resources it saw, each once. */
    private static int walk(String path, int count) {
        Set<String> ids = new HashSet<>();
        String cursor = "";
        while (cursor != null) {
            JsonPath page = Scim.idp().queryParam("cursor", cursor).queryParam("count", count).get(path).then()
                    .statusCode(200).extract().jsonPath();
            for (String id : page.getList("Resources.id", String.class)) {
                assertTrue(ids.add(id), id + " returned twice");
            }
            cursor = page.getString("nextCursor");
        }
        return ids.size();
    }

    private static Set<String> allIdsByIndex() {
        Set<String> ids = new HashSet<>();
        for (int start = 1;; start += 1000) {
            List<String> page = Scim.idp().queryParam("startIndex", start).queryParam("count", 1000).get("/Users")
                    .then().statusCode(200).extract().jsonPath().getList("Resources.id", String.class);
            ids.addAll(page);
            if (page.size() < 1000) {
                assertFalse(ids.isEmpty());
                return ids;
            }
        }
    }
}
