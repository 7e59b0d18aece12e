package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Okta's provisioning conversation (docs/idp-contracts.md §2) replayed with Okta's own request shapes: look-up by
 * {@code userName eq}, POST, GET, PUT update, PATCH deactivate and reactivate, import in pages, duplicate POST.
 */
@QuarkusTest
class OktaConversationTest {

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void wholeLifecycle() {
        String login = EmulatorClient.uniqueLogin("okta.ada") + "@example.test";

        // 1. Look-up before create: a miss is 200 with an empty ListResponse, integers, Resources present.
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").queryParam("startIndex", 1)
                .queryParam("count", 100).get("/Users").then()
                .statusCode(200)
                .contentType(containsString(ScimJson.MEDIA_TYPE))
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:ListResponse"))
                .body("totalResults", is(0))
                .body("Resources", empty());

        // 2. POST with Okta's placeholder password, groups:[] and locale.
        JsonPath created = Scim.idp().body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then()
                .statusCode(201)
                .header("Location", notNullValue())
                .header("ETag", notNullValue())
                .body("id", notNullValue())
                .body("userName", equalTo(login))
                .body("name.givenName", equalTo("Ada"))
                .body("name.familyName", equalTo("Lovelace"))
                .body("emails[0].value", equalTo(login))
                .body("emails[0].primary", is(true))
                .body("active", is(true))
                .body("externalId", equalTo("00u1abcdEFGHijkl0x7"))
                .body("password", nullValue())
                .body("meta.resourceType", equalTo("User"))
                .extract().jsonPath();
        String id = created.getString("id");
        assertTrue(created.getString("meta.location").endsWith("/scim/v2/Users/" + id));

        // 3. Okta's spec test looks the user up with the userName upper-cased.
        Scim.idp().queryParam("filter", "userName eq \"" + login.toUpperCase(Locale.ROOT) + "\"").get("/Users").then()
                .statusCode(200)
                .body("totalResults", is(1))
                .body("Resources[0].id", equalTo(id));

        // 4. GET by id.
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("userName", equalTo(login));

        // 5. OIN update: a full PUT echoing id, groups, meta and password.
        Map<String, Object> put = created.getMap("");
        put.put("name", Map.of("givenName", "Augusta Ada", "familyName", "King"));
        put.put("password", "another-placeholder");
        put.put("groups", List.of());
        Scim.idp().body(put).put("/Users/" + id).then()
                .statusCode(200)
                .body("name.givenName", equalTo("Augusta Ada"))
                .body("name.familyName", equalTo("King"))
                .body("emails[0].value", equalTo(login));

        // 6. Deactivate: no-path replace with active:false; the user stays readable (Okta CRUD test).
        String deactivate = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";
        Scim.idp().body(deactivate).patch("/Users/" + id).then().statusCode(200).body("active", is(false));
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("active", is(false));

        // 7. Reactivate.
        Scim.idp().body(deactivate.replace("false", "true")).patch("/Users/" + id).then()
                .statusCode(200).body("active", is(true));

        // 8. A duplicate POST (different person, same userName in another case) is 409 uniqueness.
        Scim.idp().body(IdpBodies.load("okta-create-user.json", login.toUpperCase(Locale.ROOT))
                .replace("\"Ada\"", "\"Someone\"")).post("/Users").then()
                .statusCode(409)
                .body("status", equalTo("409"))
                .body("scimType", equalTo("uniqueness"))
                .body("detail", containsString(id));

        // 9. The same POST again, byte for byte (Okta's SPEC test for OIN): 409 too, and no second Employee.
        Map<String, Long> again = emulator.deltas(() -> Scim.idp()
                .body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then()
                .statusCode(409)
                .body("scimType", equalTo("uniqueness"))
                .body("detail", containsString(id)), "employees.create", "employees.update");
        assertEquals(0, again.get("employees.create") + again.get("employees.update"), "a duplicate writes nothing");
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(1));
    }

    @Test
    void importInPagesOf100AndOf2GivesTheSameStableOrder() {
        JsonPath first = Scim.idp().queryParam("startIndex", 1).queryParam("count", 100).get("/Users").then()
                .statusCode(200)
                .body("totalResults", instanceOf(Integer.class))
                .body("startIndex", is(1))
                .body("itemsPerPage", instanceOf(Integer.class))
                .body("Resources", not(empty()))
                .body("Resources[0].id", notNullValue())
                .body("Resources[0].name.familyName", notNullValue())
                .body("Resources[0].name.givenName", notNullValue())
                .body("Resources[0].userName", notNullValue())
                .body("Resources[0].active", notNullValue())
                .body("Resources[0].emails[0].value", notNullValue())
                .extract().jsonPath();
        int total = first.getInt("totalResults");
        List<String> byHundreds = new ArrayList<>();
        for (int start = 1; start <= total; start += 100) {
            byHundreds.addAll(Scim.idp().queryParam("startIndex", start).queryParam("count", 100).get("/Users")
                    .then().statusCode(200).extract().jsonPath().getList("Resources.id", String.class));
        }
        // Pages of 2 over the first 100 records: enough to catch an unstable order, cheap enough to run every build.
        List<String> byTwos = new ArrayList<>();
        for (int start = 1; start <= Math.min(total, 100); start += 2) {
            JsonPath page = Scim.idp().queryParam("startIndex", start).queryParam("count", 2).get("/Users").then()
                    .statusCode(200).body("startIndex", is(start)).extract().jsonPath();
            assertEquals(total, page.getInt("totalResults"));
            byTwos.addAll(page.getList("Resources.id", String.class));
        }
        assertEquals(total, byHundreds.size());
        assertEquals(byHundreds.subList(0, byTwos.size()), byTwos);
        assertEquals(total, byHundreds.stream().distinct().count(), "no record appears twice");
    }

    @Test
    void oktaConnectionTestCountOfTwo() {
        Scim.idp().queryParam("startIndex", 1).queryParam("count", 2).get("/Users").then()
                .statusCode(200)
                .body("itemsPerPage", is(2))
                .body("Resources.size()", is(2));
    }

    @Test
    void unknownIdIs404ScimErrorWithoutTouchingIvantiForImpossibleIds() {
        Scim.idp().get("/Users/0000000000000000000000000000DEAD").then()
                .statusCode(404)
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("status", equalTo("404"));
        long calls = emulator.calls(() -> Scim.idp().get("/Users/x'y").then().statusCode(404), "total");
        assertEquals(0, calls);
        Scim.idp().get("/Users/nope").then().statusCode(404).body("detail", endsWith("'nope'."));
    }
}
