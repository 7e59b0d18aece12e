package io.ivantiscim.scim;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;

/** What operators see: metrics, correlation ids, the OpenAPI document. */
@QuarkusTest
class ObservabilityTest {

    @Test
    void quirkCountersMoveWhenEntrasDialectIsSent() {
        String login = EmulatorClient.uniqueLogin("quirks") + "@example.test";
        String id = Scim.idp().body(IdpBodies.load("entra-create-user.json", login)).post("/Users").then()
                .statusCode(201).extract().path("id");
        double capitalised = quirk("capitalised-op");
        double strings = quirk("string-boolean");
        double dotted = quirk("no-path-dotted-key");
        double urn = quirk("no-path-urn-key");

        Scim.idp().body(EntraConversationTest.patch("Replace", "active", "\"False\"")).patch("/Users/" + id).then()
                .statusCode(200);
        Scim.idp().body(IdpBodies.load("entra-patch-2020.json", login)).patch("/Users/" + id).then()
                .statusCode(200);

        assertEquals(capitalised + 1, quirk("capitalised-op"));
        assertEquals(strings + 1, quirk("string-boolean"));
        assertEquals(dotted + 7, quirk("no-path-dotted-key"), "one per dotted key");
        assertEquals(urn + 2, quirk("no-path-urn-key"));
    }

    @Test
    void metricsCoverScimRequestsIvantiCallsAndFaultTolerance() {
        Scim.idp().queryParam("count", 1).get("/Users").then().statusCode(200);
        String metrics = given().port(Admin.port()).get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("http_server_requests_seconds_count{"), "SCIM request metrics");
        assertTrue(Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"/scim/v2/Users\"")
                .matcher(metrics).find(), "SCIM requests by resource");
        assertTrue(metrics.contains("http_client_requests_seconds_count{"), "Ivanti call metrics");
        assertTrue(metrics.contains("ft_"), "fault-tolerance metrics (retries, breaker state)");
    }

    @Test
    void correlationIdIsTakenFromOrReturnedAsXRequestId() {
        Scim.idp().header("X-Request-Id", "idp-trace-42").get("/Users/00000000000000000000000000000000").then()
                .statusCode(404).header("X-Request-Id", equalTo("idp-trace-42"));
        Scim.idp().get("/ServiceProviderConfig").then()
                .statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        Scim.idp().header("X-Request-Id", "bad value with spaces\"").get("/ServiceProviderConfig").then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void openApiListsEveryScimEndpoint() {
        given().port(Admin.port()).accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body(containsString("/scim/v2/Users"))
                .body(containsString("/scim/v2/Users/{id}"))
                .body(containsString("/scim/v2/Users/.search"))
                .body(containsString("/scim/v2/Groups"))
                .body(containsString("/scim/v2/Groups/{id}"))
                .body(containsString("/scim/v2/ServiceProviderConfig"))
                .body(containsString("/scim/v2/Schemas"))
                .body(containsString("/scim/v2/Schemas/{id}"))
                .body(containsString("/scim/v2/ResourceTypes"))
                .body(containsString("/scim/v2/ResourceTypes/{id}"));
    }

    private static double quirk(String name) {
        String metrics = given().port(Admin.port()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("scim_idp_quirks_total\\{[^}]*quirk=\"" + Pattern.quote(name) + "\"[^}]*\\} (\\S+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
