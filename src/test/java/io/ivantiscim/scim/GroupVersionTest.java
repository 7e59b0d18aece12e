package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/** If-Match on group writes (RFC 7644 §3.14): a stale ETag is 412 and nothing reaches Ivanti. */
@QuarkusTest
class GroupVersionTest {

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void staleIfMatchIs412AndWritesNothing() {
        String id = GroupTesting.createGroup(GroupTesting.uniqueName("etag"));
        String etag = Scim.idp().get("/Groups/" + id).then().statusCode(200).extract().header("ETag");
        String rename = GroupTesting.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\""
                + GroupTesting.uniqueName("renamed") + "\"}");
        long writes = emulator.calls(() -> {
            Scim.idp().header("If-Match", "W/\"stale\"").body(rename).patch("/Groups/" + id).then()
                    .statusCode(412).body("status", equalTo("412"));
            Scim.idp().header("If-Match", "W/\"stale\"").delete("/Groups/" + id).then().statusCode(412);
        }, "standarduserteams.update");
        assertEquals(0, writes);
        Scim.idp().header("If-Match", etag).body(rename).patch("/Groups/" + id).then().statusCode(204);
    }
}
