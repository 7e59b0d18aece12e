package io.ivantiscim.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Over the per-connection limit: 429 with Retry-After and a SCIM error body. */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    /** One request a second, a burst of two. */
    public static class Limited implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.security.rate-limit.requests-per-second", "0.01",
                    "bridge.security.rate-limit.burst", "2");
        }
    }

    @Test
    void overTheLimitIs429WithRetryAfter() {
        Scim.idp().get("/ServiceProviderConfig").then().statusCode(200);
        Scim.idp().get("/ServiceProviderConfig").then().statusCode(200);
        Scim.idp().get("/ServiceProviderConfig").then().statusCode(429)
                .header("Retry-After", is("100"))
                .body("schemas[0]", is("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("status", is("429"))
                .body("detail", containsString("bootstrap"));
    }
}
