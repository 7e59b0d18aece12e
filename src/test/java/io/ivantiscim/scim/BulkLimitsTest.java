package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.mapping.ScimMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** maxOperations and maxPayloadSize (RFC 7644 §3.7.4): advertised as configured, 413 with a SCIM error above. */
@QuarkusTest
@TestProfile(ImmutableUserNames.class)
class BulkLimitsTest {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void serviceProviderConfigAdvertisesTheLimitsInForce() {
        Scim.idp().get("/ServiceProviderConfig").then().statusCode(200)
                .body("bulk.supported", is(true))
                .body("bulk.maxOperations", is(ImmutableUserNames.MAX_OPERATIONS))
                .body("bulk.maxPayloadSize", is(ImmutableUserNames.MAX_PAYLOAD));
    }

    @Test
    void moreOperationsThanMaxOperationsIs413() {
        BulkTesting bulk = new BulkTesting();
        for (int i = 0; i <= ImmutableUserNames.MAX_OPERATIONS; i++) {
            bulk.user("u" + i, EmulatorClient.uniqueLogin("limit.ops") + "@example.test", null);
        }
        long calls = emulator.calls(() -> Scim.idp().body(bulk.json()).post("/Bulk").then().statusCode(413)
                .contentType(containsString(ScimJson.MEDIA_TYPE))
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("413"))
                .body("detail", containsString("maxOperations of " + ImmutableUserNames.MAX_OPERATIONS)), "total");
        assertEquals(0, calls);
    }

    @Test
    void aBodyLargerThanMaxPayloadSizeIs413() {
        ObjectNode data = ScimMapper.MAPPER.createObjectNode();
        data.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        data.put("userName", EmulatorClient.uniqueLogin("limit.size") + "@example.test");
        data.put("title", "x".repeat(ImmutableUserNames.MAX_PAYLOAD));
        String body = new BulkTesting().post("/Users", "big", data).json();
        assertTrue(body.length() > ImmutableUserNames.MAX_PAYLOAD);
        long calls = emulator.calls(() -> Scim.idp().body(body).post("/Bulk").then().statusCode(413)
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("413"))
                .body("detail", containsString("maxPayloadSize of " + ImmutableUserNames.MAX_PAYLOAD)), "total");
        assertEquals(0, calls);
    }

    @Test
    void exactlyMaxOperationsIsServed() {
        BulkTesting bulk = new BulkTesting();
        for (int i = 0; i < ImmutableUserNames.MAX_OPERATIONS; i++) {
            bulk.user("u" + i, EmulatorClient.uniqueLogin("limit.fits") + "@example.test", null);
        }
        Scim.idp().body(bulk.json()).post("/Bulk").then().statusCode(200)
                .body("Operations.size()", is(ImmutableUserNames.MAX_OPERATIONS))
                .body("Operations.status", everyItemIs("201"));
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemIs(String status) {
        return org.hamcrest.Matchers.everyItem(equalTo(status));
    }
}
