package io.ivantiscim.ivanti;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The {@code ft_*} series deploy/grafana reads count what the guards did, once each (issue 14: the client's guards
 * record no SmallRye metrics of their own, {@link GuardMetrics} exports these under SmallRye's names): a retry per
 * read sent again and per write sent again after lost sessions, an opening of the breaker, and its current state.
 */
@QuarkusTest
@TestProfile(GuardMetricsTest.Profile.class)
class GuardMetricsTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super(tenantLogin("session", "bridge.ivanti.auth.idle-timeout", "PT30M",
                    "bridge.ivanti.retry.initial-delay",
                    "10ms", "bridge.ivanti.retry.max-delay", "40ms", "bridge.ivanti.breaker.request-volume-threshold",
                    "6", "bridge.ivanti.breaker.delay", "60s", "bridge.ivanti.startup-check", "false"));
        }
    }

    private static final String READ = "ft_retry_retries_total{method=\"Ivanti read retry\"}";
    private static final String WRITE = "ft_retry_retries_total{method=\"Ivanti write retry after lost sessions\"}";
    private static final String OPENED = "ft_circuitbreaker_opened_total{method=\"Ivanti circuit breaker\"}";
    private static final String STATE = "ft_circuitbreaker_state_current{method=\"Ivanti circuit breaker\",state=\"%s\"}";
    private static final Pattern SAMPLE = Pattern.compile("^(\\S+\\{[^}]*\\}) (\\S+)$", Pattern.MULTILINE);

    final EmulatorClient emu = new EmulatorClient();

    @Inject
    IvantiClient ivanti;

    @Inject
    BridgeConfig config;

    @BeforeEach
    @AfterEach
    void clean() {
        emu.clearFaults();
        emu.resetSettings();
        ivanti.resetBreaker();
    }

    @Test
    void aReadSentAgainCountsEachRetryOnce() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("metrics.read"));
        int retries = config.ivanti().retry().maxRetries();
        double before = metric(READ);
        // A read that succeeds at once is no retry (and its login is done before the faults, which would refuse it).
        assertTrue(ivanti.get("employees", id, List.of("RecId")).isPresent());
        assertEquals(before, metric(READ));
        emu.faults(Map.of("unavailableRate", 1.0, "retryAfterSeconds", 0));
        long calls = emu.calls(() -> assertThrows(IvantiException.Unavailable.class,
                () -> ivanti.get("employees", id, List.of("RecId"))), "employees.list");
        assertEquals(1 + retries, calls);
        assertEquals(before + retries, metric(READ));
    }

    @Test
    void aWriteSentAgainAfterLostSessionsCountsOneRetry() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("metrics.write"));
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        double before = metric(WRITE);
        emu.faults(Map.of("sessionEndedCalls", IvantiClient.MAX_RENEWALS + 1, "kinds", "employees.update"));
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                + "\"replace\",\"path\":\"title\",\"value\":\"Counted\"}]}").patch("/Users/" + id).then()
                .statusCode(200).body("title", equalTo("Counted"));
        assertEquals(before + 1, metric(WRITE));
    }

    @Test
    void theBreakerOpeningIsCountedAndItsStateExported() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("metrics.breaker"));
        assertTrue(ivanti.get("employees", id, List.of("RecId")).isPresent());
        assertEquals(1.0, metric(STATE.formatted("closed")));
        double opened = metric(OPENED);
        emu.faults(Map.of("unavailableRate", 1.0, "retryAfterSeconds", 0));
        for (int i = 0; i < 20 && !"OPEN".equals(ivanti.breakerState()); i++) {
            assertThrows(IvantiException.Unavailable.class, () -> ivanti.get("employees", id, List.of("RecId")));
        }
        assertEquals("OPEN", ivanti.breakerState());
        assertEquals(opened + 1, metric(OPENED));
        assertEquals(1.0, metric(STATE.formatted("open")));
        assertEquals(0.0, metric(STATE.formatted("closed")));
        assertEquals(0.0, metric(STATE.formatted("halfOpen")));
        ivanti.resetBreaker();
        assertEquals(1.0, metric(STATE.formatted("closed")));
        assertEquals(0.0, metric(STATE.formatted("open")));
    }

    @Test
    void smallRyeRecordsNothingPerCall() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("metrics.percall"));
        assertTrue(ivanti.get("employees", id, List.of("RecId")).isPresent());
        String metrics = scrape();
        for (String perCall : List.of("ft_invocations_total", "ft_retry_calls_total",
                "ft_circuitbreaker_calls_total")) {
            assertFalse(metrics.contains(perCall + "{"), perCall + " is recorded: SmallRye records metrics per call");
        }
    }

    private static String scrape() {
        return Admin.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the one sample {@code series} (name and labels as Prometheus prints them). */
    private static double metric(String series) {
        Matcher m = SAMPLE.matcher(scrape());
        Double value = null;
        while (m.find()) {
            if (m.group(1).equals(series)) {
                assertEquals(null, value, "twice: " + series);
                value = Double.valueOf(m.group(2));
            }
        }
        assertTrue(value != null, "not exported: " + series);
        return value;
    }
}
