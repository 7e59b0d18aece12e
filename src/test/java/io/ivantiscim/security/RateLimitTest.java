package io.ivantiscim.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Over the per-connection limit: 429 with Retry-After and a SCIM error body. */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    /** A burst of two, then one request per 100 s (0.01/s), so the third request waits 100 s: Retry-After 100. */
    public static class Limited extends ConfigOverrides {

        public Limited() {
            super("bridge.security.rate-limit.requests-per-second", "0.01", "bridge.security.rate-limit.burst", "2");
        }
    }

    @Test
    void overTheLimitIs429WithRetryAfter() {
        long start = System.nanoTime();
        Scim.idp().get("/ServiceProviderConfig").then().statusCode(200);
        Scim.idp().get("/ServiceProviderConfig").then().statusCode(200);
        String retryAfter = Scim.idp().get("/ServiceProviderConfig").then().statusCode(429)
                .body("schemas[0]", is("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("status", is("429"))
                .body("detail", containsString("bootstrap"))
                .extract().header("Retry-After");
        // The next token is 100 s away at the burst's start, less what refilled while the three requests ran.
        long elapsed = (System.nanoTime() - start + 999_999_999L) / 1_000_000_000L;
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds <= 100 && seconds >= 100 - elapsed - 1, "Retry-After " + seconds + " after " + elapsed
                + " s");
    }
}
