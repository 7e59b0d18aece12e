package io.ivantiscim.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.IdpBodies;
import io.ivantiscim.scim.Scim;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every metric the Grafana dashboard queries exists at {@code /q/metrics} (management port) of the running app, once
 * it has served the traffic the panels describe: SCIM requests, a refused token, an IdP quirk, Ivanti calls.
 */
@QuarkusTest
class GrafanaDashboardTest {

    /** A metric selector in PromQL: a name followed by its labels or a range. */
    private static final Pattern SELECTOR = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");

    @Test
    void everyQueriedMetricIsExported() throws Exception {
        String login = EmulatorClient.uniqueLogin("dashboard") + "@contoso.test";
        String id = Scim.idp().body(IdpBodies.load("entra-create-user.json", login)).post("/Users").then()
                .statusCode(201).extract().path("id");
        // Entra's capitalised op: counted as an IdP quirk.
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + "[{\"op\":\"Replace\",\"path\":\"name.givenName\",\"value\":\"Dashy\"}]}")
                .patch("/Users/" + id).then().statusCode(org.hamcrest.Matchers.oneOf(200, 204));
        Scim.anonymous().get("/Users").then().statusCode(401);

        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(
                Path.of("deploy/grafana/ivanti-scim-bridge.json")));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = SELECTOR.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertTrue(queried.containsAll(Set.of("bridge_scim_requests_total", "http_server_requests_seconds_bucket",
                "http_client_requests_seconds_bucket", "ft_circuitbreaker_state_current", "scim_idp_quirks_total")),
                queried::toString);

        String metrics = Admin.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> exported = new TreeSet<>();
        metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "queried by the dashboard but not at /q/metrics");
    }
}
