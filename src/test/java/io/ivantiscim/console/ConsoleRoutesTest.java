package io.ivantiscim.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console's files and endpoints: served on the management port only, status and counters behind the admin
 * credential, and state-changing admin calls from another site refused.
 */
@QuarkusTest
class ConsoleRoutesTest {

    @Test
    void consoleIsServedOnTheManagementPortOnlyWithAStrictPolicy() {
        Admin.anonymous().get("/console/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", not(containsString("http")))
                .body(containsString("<script src=\"console.js\""));
        Admin.anonymous().get("/console/console.js").then().statusCode(200).contentType(containsString("javascript"));
        Admin.anonymous().get("/console/nothing.js").then().statusCode(404);
        given().get("/console/").then().statusCode(404);
    }

    @Test
    void statusNeedsTheAdminCredentialAndSpeaksReadinessWords() {
        Admin.anonymous().get("/admin/status").then().statusCode(401);
        Admin.admin().get("/admin/status").then().statusCode(200)
                .body("ivanti.status", equalTo("UP"))
                .body("ivanti.breaker", equalTo("CLOSED"))
                .body("store", equalTo("H2 in memory"))
                .body("limits.outbound.requestsPerMinute", notNullValue())
                .body("limits.inbound.burst", notNullValue())
                .body("version", notNullValue())
                .body("uptimeSeconds", notNullValue());
    }

    @Test
    void countersListWhatTheBridgeCountedUpToNow() {
        String[] token = Admin.generate("console-counters");
        Admin.scim(token[1]).get("/ServiceProviderConfig").then().statusCode(200);
        List<Map<String, Object>> samples = Admin.admin().get("/admin/counters").then().statusCode(200)
                .body("intervalSeconds", equalTo(30)).extract().jsonPath().getList("samples");
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) samples.get(samples.size() - 1).get("values");
        assertTrue(last.keySet().stream()
                .anyMatch(k -> k.equals("bridge.scim.requests{connection=console-counters,status=200}")),
                last::toString);
    }

    @Test
    void crossSiteStateChangesAreRefusedAndTheConsolesOwnAreNot() {
        String[] token = Admin.generate("console-csrf");
        String self = "http://localhost:" + Admin.port();
        Admin.admin().header("Origin", "https://evil.example").header(ConsoleRoutes.CONSOLE_HEADER, "1")
                .post("/admin/tokens/" + token[0] + "/deactivate").then().statusCode(403)
                .body("error", containsString("Cross-site"));
        Admin.admin().header("Origin", self).post("/admin/tokens/" + token[0] + "/deactivate").then()
                .statusCode(403);
        Admin.admin().header("Origin", self).header(ConsoleRoutes.CONSOLE_HEADER, "1")
                .post("/admin/tokens/" + token[0] + "/deactivate").then().statusCode(200)
                .body("state", equalTo("inactive"));
        Admin.admin().post("/admin/tokens/" + token[0] + "/activate").then().statusCode(200);
    }

    @Test
    void aFailedConsoleSignInDoesNotOpenTheBrowsersPasswordDialog() {
        Admin.anonymous().header(ConsoleRoutes.CONSOLE_HEADER, "1").auth().preemptive().basic("admin", "wrong")
                .get("/admin/status").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue());
        Admin.anonymous().get("/admin/status").then().statusCode(401).header("WWW-Authenticate", notNullValue());
    }

    @Test
    void storeKinds() {
        assertEquals("PostgreSQL", ConsoleRoutes.storeKind("jdbc:postgresql://db:5432/bridge"));
        assertEquals("H2 file", ConsoleRoutes.storeKind("jdbc:h2:file:./data/bridge"));
        assertEquals("H2 in memory", ConsoleRoutes.storeKind("jdbc:h2:mem:x"));
    }
}
