package io.ivantiscim.emulator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.config.EmulatorProfiles;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;

/**
 * The packaged jar runs the emulator profile its failsafe execution names ({@code BRIDGE_EMULATOR_PROFILE}, inherited
 * by the jar; {@code default} when unset), and the explicit switches of that execution win over the preset. Without
 * it the strict run could silently test the default tenant.
 */
@QuarkusIntegrationTest
class EmulatorProfileIT {

    /** Preset key → field of {@code GET /emulator/_emulator/settings}, and its value when the preset does not set it. */
    private static final Map<String, List<String>> SWITCHES = Map.of(
            "bridge.emulator.count-unasked", List.of("countUnasked", "true"),
            "bridge.emulator.filter-parentheses", List.of("filterParentheses", "true"),
            "bridge.emulator.filter-precedence", List.of("filterPrecedence", "standard"),
            "bridge.emulator.unlink-status", List.of("unlinkStatus", "200"),
            "bridge.emulator.link-failures-as200", List.of("linkFailuresAs200", "false"),
            "bridge.emulator.tenant-offset", List.of("tenantOffset", ""),
            "bridge.emulator.max-sessions-per-user", List.of("maxSessionsPerUser", "0"),
            "bridge.emulator.search-fields", List.of("searchFields", ""));

    @Test
    void theJarRunsTheProfileItWasGiven() {
        String profile = System.getenv().getOrDefault("BRIDGE_EMULATOR_PROFILE", "default");
        Map<String, String> preset = EmulatorProfiles.preset(profile);
        JsonPath settings = given().get(EmulatorClient.HOOKS + "/settings").then().statusCode(200).extract().jsonPath();
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        SWITCHES.forEach((key, field) -> {
            expected.put(field.get(0), preset.getOrDefault(key, field.get(1)));
            Object v = settings.get(field.get(0));
            actual.put(field.get(0), v instanceof List<?> l
                    ? String.join(",", l.stream().map(String::valueOf)
                            .toList())
                    : String.valueOf(v));
        });
        assertEquals(expected, actual, "profile " + profile);
        // The execution's own create latency (environment, above the preset) wins over the preset's.
        String min = System.getenv().getOrDefault("BRIDGE_EMULATOR_FAULTS_CREATE_LATENCY_MIN_MS",
                preset.getOrDefault("bridge.emulator.faults.create-latency-min-ms", "0"));
        Object configured = given().get(EmulatorClient.HOOKS + "/faults").then().statusCode(200).extract()
                .path("createLatencyMinMs");
        assertEquals(min, String.valueOf(configured));
    }
}
