package io.ivantiscim.ivanti;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/**
 * No request starves the others. Issue 15 item 2: what one request sent (a filter too long for IIS) is that request's
 * fault. It gets 400 {@code invalidFilter} naming the limit, costs no Ivanti call when the bridge can tell beforehand,
 * and never counts toward the shared circuit breaker, so another IdP connection keeps being served; the breaker here
 * opens after four failures in a window of four, so any bad request counted as a failure would open it. Item 5: the
 * outbound limit (120 calls a minute here) queues a healthy tenant's calls instead of answering 503.
 */
@QuarkusTest
@TestProfile(RequestFaultIsolationTest.Profile.class)
class RequestFaultIsolationTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.ivanti.breaker.request-volume-threshold", "4", "bridge.ivanti.breaker.failure-ratio",
                    "0.5", "bridge.ivanti.breaker.delay", "30s", "bridge.ivanti.limits.requests-per-minute", "120",
                    // The tests count the calls Ivanti receives; the start-up check's own calls, running in the
                    // background after boot, would land in the first test's count.
                    "bridge.ivanti.startup-check", "false");
        }
    }

    final EmulatorClient emu = new EmulatorClient();

    @Inject
    IvantiClient ivanti;

    @BeforeEach
    @AfterEach
    void clean() {
        emu.clearFaults();
        emu.resetSettings();
        ivanti.resetBreaker();
    }

    @Test
    void aFilterValueOverTheLiteralLimitIs400WithNoIvantiCall() {
        RequestSpecification a = attacker();
        // 3,000 apostrophes: each doubles in OData and encodes to %27, an 18 KB URL if it were ever sent.
        String filter = "userName eq \"" + "'".repeat(3_000) + "\"";
        long calls = emu.calls(() -> {
            for (int i = 0; i < 3; i++) {
                a.body(search(filter)).post("/Users/.search").then().statusCode(400)
                        .body("scimType", equalTo("invalidFilter"))
                        .body("detail", containsString("bridge.scim.max-filter-literal"))
                        .body("detail", containsString("256"));
            }
        }, "total");
        assertEquals(0, calls, "a value that cannot be sent costs no Ivanti call");
        assertEquals("CLOSED", ivanti.breakerState());
        otherConnectionIsServed();
    }

    @Test
    void aFilterOverTheLengthLimitIs400BeforeItIsParsed() {
        // The abuse profile's 20,000 ORed comparisons (600 KB): seconds of CPU to parse and translate before.
        String filter = IntStream.range(0, 20_000).mapToObj(i -> "userName eq \"u" + i + "\"")
                .collect(Collectors.joining(" or "));
        long calls = emu.calls(() -> attacker().body(search(filter)).post("/Users/.search").then().statusCode(400)
                .body("scimType", equalTo("invalidFilter"))
                .body("detail", containsString("bridge.scim.max-filter-length"))
                .body("detail", containsString("8192")), "total");
        assertEquals(0, calls);
        otherConnectionIsServed();
    }

    @Test
    void aQueryOverTheBridgesUrlLimitIs400WithNoIvantiCall() {
        // 40 terms (still pushed down) of 30-character names: about 2,300 encoded characters, over IIS's 2,048.
        String filter = IntStream.range(0, 40).mapToObj(i -> "userName eq \"" + "x".repeat(26) + "%04d".formatted(i)
                + "\"").collect(Collectors.joining(" or "));
        long calls = emu.calls(() -> attacker().queryParam("filter", filter).get("/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidFilter"))
                .body("detail", containsString("bridge.ivanti.max-query-length")), "total");
        assertEquals(0, calls);
    }

    @Test
    void theTenantsTooLongAnswerNeverOpensTheBreakerForAnotherConnection() {
        // The tenant's IIS allows less than the bridge assumes: each request reaches it and gets 404.15.
        emu.settings(Map.of("maxQueryString", 300));
        RequestSpecification a = attacker();
        String filter = "userName eq \"" + "é".repeat(100) + "\"";
        long refused = emu.calls(() -> {
            for (int i = 0; i < 8; i++) {
                a.body(search(filter)).post("/Users/.search").then().statusCode(400)
                        .body("scimType", equalTo("invalidFilter"))
                        .body("detail", containsString("longer than the Ivanti tenant accepts"))
                        .body("detail", org.hamcrest.Matchers.not(containsString("404.15 - Not Found")));
            }
        }, "toolong");
        assertEquals(8, refused, "every request reached the tenant's limit");
        assertEquals("CLOSED", ivanti.breakerState());
        // With the tenant's limit back to normal, an open breaker would still refuse the bystander for 30 s.
        emu.resetSettings();
        otherConnectionIsServed();
    }

    @Test
    void thirtyTwoClientsOnAHealthyTenantQueueInsteadOfGetting503() throws Exception {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("queued"));
        // 128 calls at 120 a minute: past a whole minute's allowance, so a per-minute window would make the last
        // ones wait ~60 s and fail; paced, each waits its turn (at most 32 × 0.5 s) and all succeed.
        List<List<Integer>> statuses = Burst.run(32, Duration.ofSeconds(120), () -> {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mine.add(Scim.idp().get("/Users/" + id).statusCode());
            }
            return mine;
        });
        Map<Integer, Long> seen = statuses.stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertEquals(Map.of(200, 128L), seen);
    }

    /** A second IdP connection with its own token. */
    private static RequestSpecification attacker() {
        return Admin.scim(Admin.generate("noisy-" + EmulatorClient.uniqueLogin("c").replace('.', '-'))[1]);
    }

    private void otherConnectionIsServed() {
        String login = EmulatorClient.uniqueLogin("bystander");
        emu.createEmployeeId(login);
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(1));
    }

    private static Map<String, Object> search(String filter) {
        return Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"), "filter", filter);
    }
}
