package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/** Filters end to end, against the emulator's faithful OData: correct results, hostile values inert. */
@QuarkusTest
class UserFilterTest {

    private static String login;
    private static String id;

    /** One user for the whole class, created once the application is up (static @BeforeAll runs too early). */
    @BeforeEach
    void createUser() {
        if (id != null) {
            return;
        }
        login = EmulatorClient.uniqueLogin("filter.o'brien") + "@example.test";
        id = Scim.idp().body(IdpBodies.load("okta-create-user.json", login).replace("\"Ada\"", "\"Zebulon\""))
                .post("/Users").then().statusCode(201).extract().path("id");
    }

    @Test
    void quoteInAValueIsMatchedLiterally() {
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(1)).body("Resources[0].id", equalTo(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x' or LoginID ne 'y", "a&$top=1000", "a#b", "a+b", "100%", "a) or (1 eq 1",
            "$NULL", "' or ''='", "üñíçødé ✓", "a\\\"b"})
    void hostileValuesMatchNothingAndNeverError(String value) {
        Scim.idp().queryParam("filter", "userName eq \"" + value.replace("\\\"", "\\\"") + "\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(0));
    }

    @Test
    void containsStartsWithEndsWithAreAnsweredByTheBridge() {
        Scim.idp().queryParam("filter", "name.givenName co \"ebulo\"").get("/Users").then()
                .statusCode(200).body("Resources.id", hasItem(id))
                .body("Resources.name.givenName", everyItem(containsString("ebulo")));
        Scim.idp().queryParam("filter", "name.givenName sw \"Zebu\"").get("/Users").then()
                .statusCode(200).body("Resources.id", hasItem(id));
        Scim.idp().queryParam("filter", "userName ew \"" + login.substring(login.indexOf("brien.") + 6) + "\"")
                .get("/Users").then().statusCode(200).body("totalResults", is(1));
    }

    @Test
    void aPageBeyondTheEndOfNoMatchesReportsZero() {
        Scim.idp().queryParam("filter", "userName eq \"nobody-at-all\"").queryParam("startIndex", 5).get("/Users")
                .then().statusCode(200).body("totalResults", is(0)).body("startIndex", is(5));
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").queryParam("startIndex", 3).get("/Users")
                .then().statusCode(200).body("totalResults", is(1)).body("itemsPerPage", is(0));
    }

    @Test
    void andOrNotAndGrouping() {
        Scim.idp().queryParam("filter", "(userName eq \"" + login + "\" or userName eq \"nobody\") and active eq true")
                .get("/Users").then().statusCode(200).body("totalResults", is(1));
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\" and not (active eq true)")
                .get("/Users").then().statusCode(200).body("totalResults", is(0));
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\" and name.givenName pr")
                .get("/Users").then().statusCode(200).body("totalResults", is(1));
        Scim.idp().queryParam("filter", "emails[type eq \"work\" and value eq \"" + login + "\"]")
                .get("/Users").then().statusCode(200).body("totalResults", is(1));
    }

    @Test
    void lastModifiedIsTheChangeFeed() {
        Scim.idp().queryParam("filter", "meta.lastModified gt \"2000-01-01T00:00:00Z\" and userName eq \"" + login
                + "\"").get("/Users").then().statusCode(200).body("totalResults", is(1));
        Scim.idp().queryParam("filter", "meta.lastModified gt \"2999-01-01T00:00:00Z\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(0));
    }

    @Test
    void customAttributesAreWrittenReadAndFiltered() {
        String ivanti = "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User";
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                + "\"add\",\"path\":\"" + ivanti + ":building\",\"value\":\"North Tower\"}]}").patch("/Users/" + id)
                .then().statusCode(200).body("'" + ivanti + "'.building", equalTo("North Tower"));
        Scim.idp().queryParam("filter", ivanti + ":building eq \"north tower\" and userName eq \"" + login + "\"")
                .get("/Users").then().statusCode(200).body("totalResults", is(1));
    }

    @Test
    void sortByAndSortOrder() {
        List<String> names = Scim.idp().queryParam("sortBy", "userName").queryParam("sortOrder", "descending")
                .queryParam("count", 20).get("/Users").then().statusCode(200)
                .body("itemsPerPage", greaterThanOrEqualTo(2))
                .extract().jsonPath().getList("Resources.userName", String.class);
        List<String> sorted = names.stream().sorted(String.CASE_INSENSITIVE_ORDER.reversed()).toList();
        assertEquals(sorted, names);
    }

    @Test
    void searchByPost() {
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":\"userName eq \\\"" + login + "\\\"\",\"attributes\":[\"userName\"],\"startIndex\":1,"
                + "\"count\":10}").post("/Users/.search").then()
                .statusCode(200)
                .body("totalResults", is(1))
                .body("Resources[0].userName", equalTo(login))
                .body("Resources[0].id", equalTo(id))
                .body("Resources[0]", not(org.hamcrest.Matchers.hasKey("name")));
    }

    @Test
    void attributesAndExcludedAttributes() {
        Scim.idp().queryParam("attributes", "userName,name.givenName").get("/Users/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("userName", equalTo(login))
                .body("name.givenName", equalTo("Zebulon"))
                .body("$", not(org.hamcrest.Matchers.hasKey("emails")));
        Scim.idp().queryParam("excludedAttributes", "emails,name").get("/Users/" + id).then()
                .statusCode(200)
                .body("userName", equalTo(login))
                .body("$", not(org.hamcrest.Matchers.hasKey("emails")))
                .body("$", not(org.hamcrest.Matchers.hasKey("name")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName eq", "userName xx \"a\"", "(userName eq \"a\"", "nosuchattribute eq \"a\"",
            "password eq \"secret\"", "active eq \"maybe\""})
    void badFiltersAre400InvalidFilter(String filter) {
        Scim.idp().queryParam("filter", filter).get("/Users").then()
                .statusCode(400)
                .body("status", equalTo("400"))
                .body("scimType", equalTo("invalidFilter"));
    }
}
