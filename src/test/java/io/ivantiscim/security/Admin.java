package io.ivantiscim.security;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.ivantiscim.scim.Scim;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** RestAssured entry points for the admin API on the management test port. */
public final class Admin {

    public static final String PASSWORD = "test-admin-password";

    private Admin() {
    }

    /** The management interface's port in tests (metrics, admin API). */
    public static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
    }

    /** An authenticated admin request. */
    public static RequestSpecification admin() {
        return given().port(port()).auth().preemptive().basic("admin", PASSWORD);
    }

    /** A request with no admin credentials. */
    public static RequestSpecification anonymous() {
        return given().port(port());
    }

    /** Generates a token for {@code connection}; returns {@code [id, secret]}. */
    public static String[] generate(String connection) {
        JsonPath body = admin().post("/admin/connections/" + connection + "/tokens").then().statusCode(201)
                .extract().jsonPath();
        return new String[]{body.getString("info.id"), body.getString("token")};
    }

    /** A SCIM request with a given bearer token. */
    public static RequestSpecification scim(String token) {
        return Scim.as(token);
    }

    /** Writes queued audit events and reloads tokens on this instance. */
    public static void flush() {
        admin().post("/admin/cache/flush").then().statusCode(200);
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; no fixed sleeps. */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return condition.getAsBoolean();
    }
}
