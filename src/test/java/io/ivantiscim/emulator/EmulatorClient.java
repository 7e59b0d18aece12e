package io.ivantiscim.emulator;

import static io.restassured.RestAssured.given;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Test helper for the built-in Ivanti emulator, over real HTTP (RestAssured; Quarkus points it at the test port).
 * Other test classes use it to reset state, set faults and switches, and count the Ivanti calls the code under test
 * made:
 *
 * <pre>
 * EmulatorClient emu = new EmulatorClient();
 * long gets = emu.calls(() -> userService.get(id), "employees.get");
 * emu.faults(Map.of("throttleBurst", 2));
 * </pre>
 *
 * Tests share one application (docs/build-notes.md pitfall 4): assert deltas, never absolute counts of stored records.
 */
public final class EmulatorClient {

    public static final String MOUNT = "/emulator";
    public static final String HOOKS = MOUNT + "/_emulator";
    public static final String DEFAULT_API_KEY = "demo-ivanti-key";
    public static final String IT_TEAM_ID = "10F60157A4F34A4F9DDB140E2328C7A6";
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);

    private final String basePath;

    /** A client for the default tenant (no base path). */
    public EmulatorClient() {
        this("");
    }

    /** A client for a tenant served under a base path such as {@code /HEAT}. */
    public EmulatorClient(String basePath) {
        this.basePath = basePath == null ? "" : basePath;
    }

    /** Tenant base URL path, e.g. {@code /emulator} or {@code /emulator/HEAT}. */
    public String tenant() {
        return MOUNT + basePath;
    }

    /** Path of an OData entity set, e.g. {@code /emulator/api/odata/businessobject/employees}. */
    public String odata(String set) {
        return tenant() + "/api/odata/businessobject/" + set;
    }

    /** Path of one entity, key quoted and escaped as Ivanti wants. */
    public String entity(String set, String recId) {
        return odata(set) + "('" + recId.replace("'", "''") + "')";
    }

    /** A request carrying the default REST API key ({@code Authorization: rest_api_key=…}). */
    public RequestSpecification api() {
        return given().header("Authorization", "rest_api_key=" + DEFAULT_API_KEY).urlEncodingEnabled(true);
    }

    // ---------------------------------------------------------------- hooks

    /** Back to demo data; sessions cleared, faults off, switches back to configuration, counters zeroed. */
    public void reset() {
        given().post(HOOKS + "/reset").then().statusCode(200);
    }

    /** Adds {@code n} generated employees. */
    public void generate(int n) {
        given().queryParam("count", n).post(HOOKS + "/generate").then().statusCode(200);
    }

    /** Number of stored records per entity set and live sessions. */
    public Map<String, Integer> stats() {
        return given().get(HOOKS + "/stats").then().statusCode(200).extract().jsonPath().getMap("", String.class,
                Integer.class);
    }

    /** Snapshot of the call counters. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new HashMap<>();
        given().get(HOOKS + "/counters").then().statusCode(200).extract().jsonPath().getMap("")
                .forEach((k, v) -> m.put(String.valueOf(k), ((Number) v).longValue()));
        return m;
    }

    public void resetCounters() {
        given().post(HOOKS + "/counters/reset").then().statusCode(200);
    }

    /** How many calls of {@code kind} (e.g. {@code employees.get}) {@code action} caused. */
    public long calls(Runnable action, String kind) {
        return deltas(action, kind).get(kind);
    }

    /** Counter deltas for several kinds caused by {@code action}. */
    public Map<String, Long> deltas(Runnable action, String... kinds) {
        Map<String, Long> before = counters();
        action.run();
        Map<String, Long> after = counters();
        Map<String, Long> d = new LinkedHashMap<>();
        for (String k : kinds.length == 0 ? after.keySet().toArray(new String[0]) : kinds) {
            d.put(k, after.getOrDefault(k, 0L) - before.getOrDefault(k, 0L));
        }
        return d;
    }

    /** Sets run-time faults (fields of the faults hook: latencyMs, jitterMs, errorRate, unavailableRate, dropRate, lostAnswerRate, throttleBurst, throttleSeconds, retryAfterSeconds, dailyCallLimit, overLimitLatencyMs, createLatencyMinMs, createLatencyMaxMs, seed, kinds: comma-separated call kinds such as {@code link} the error rates apply to). */
    public void faults(Map<String, ?> spec) {
        given().contentType(ContentType.JSON).body(spec).post(HOOKS + "/faults").then().statusCode(200);
    }

    public void clearFaults() {
        given().delete(HOOKS + "/faults").then().statusCode(200);
    }

    /** Overrides switches at run time (field names of {@code EmulatorSettings}, e.g. {@code unlinkStatus}). */
    public void settings(Map<String, ?> overrides) {
        given().contentType(ContentType.JSON).body(overrides).post(HOOKS + "/settings").then().statusCode(200);
    }

    /** Switches back to the configured values. */
    public void resetSettings() {
        given().delete(HOOKS + "/settings").then().statusCode(200);
    }

    public void expireSessions() {
        expireSessions(0);
    }

    /** Ends every session, and the next {@code endedLogins} logins answer keys whose session has already ended. */
    public void expireSessions(int endedLogins) {
        given().queryParam("ended-logins", endedLogins).post(HOOKS + "/expire-sessions").then().statusCode(200);
    }

    /** Moves every session's idle clock (and JWT expiry) {@code seconds} into the past. */
    public void ageSessions(long seconds) {
        given().queryParam("seconds", seconds).post(HOOKS + "/sessions/age").then().statusCode(200);
    }

    // ---------------------------------------------------------------- Ivanti calls

    /** Logs in with the default credentials; returns the bare session key (or JWT in jwt mode). */
    public String login() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("tenant", "demo.ivanticloud.com", "username", "scim-bridge", "password", "demo-password",
                        "role", "Admin"))
                .post(tenant() + "/api/rest/authentication/login").then().statusCode(200).extract().as(String.class);
    }

    /** A LoginID no other test uses. */
    public static String uniqueLogin(String prefix) {
        return prefix + "." + UNIQUE.incrementAndGet();
    }

    /** Minimal valid employee body for {@code login}. */
    public static Map<String, Object> employeeBody(String login, String... extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LoginID", login);
        m.put("FirstName", "Test");
        m.put("LastName", "User");
        m.put("PrimaryEmail", login + "@example.test");
        m.put("Status", "Active");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }

    /** Creates an employee; returns the created record. */
    public Response createEmployee(Map<String, ?> body) {
        return api().contentType(ContentType.JSON).body(body).post(odata("employees"));
    }

    /** Creates an employee and returns its RecId. */
    public String createEmployeeId(String login, String... extra) {
        return createEmployee(employeeBody(login, extra)).then().statusCode(201).extract().path("RecId");
    }

    @Override
    public String toString() {
        return "EmulatorClient" + Arrays.asList(tenant());
    }
}
