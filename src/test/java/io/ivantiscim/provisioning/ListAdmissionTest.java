package io.ivantiscim.provisioning;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.PackagedJar;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The memory bound on list pages (issue 15), over HTTP: a page that finds no room within
 * {@code bridge.scim.list-memory.max-wait} is a SCIM 503 with {@code Retry-After}, the records of an answered page are
 * given back once it is written, and the default capacity follows the heap.
 */
@QuarkusTest
@TestProfile(ListAdmissionTest.Profile.class)
class ListAdmissionTest {

    /** Room for one page of 1,000; a short wait, so the refusal comes quickly. */
    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.scim.list-memory.records", "1000", "bridge.scim.list-memory.max-wait", "200ms");
        }
    }

    @Inject
    ListAdmission admission;

    @Test
    void aPageWithNoRoomIsA503WithRetryAfterAndAnsweredPagesGiveTheirRecordsBack() throws Exception {
        assertEquals(1000, admission.capacity());
        // Another page (outside any request, so held until closed) takes all the room.
        ListAdmission.Lease held = admission.admit(1000);
        try {
            Scim.idp().get("/Users?count=5").then().statusCode(503)
                    .header("Retry-After", String.valueOf(ListAdmission.RETRY_AFTER_SECONDS))
                    .body("schemas[0]", equalTo("urn:ietf:params:scim:api:messages:2.0:Error"))
                    .body("status", equalTo("503"))
                    .body("detail", containsString("bridge.scim.list-memory"));
            Scim.idp().get("/Groups?count=5").then().statusCode(503);
        } finally {
            held.close();
        }
        Scim.idp().get("/Users?count=5").then().statusCode(200).body("itemsPerPage", equalTo(5));
        // Given back when the answer is written (an end handler on the event loop), not when the service returned;
        // the client can have the answer before that handler runs. A page of the whole room asked for before then
        // would wait for those 5 records for at most the 200 ms max-wait: a 503 whenever the event loop is held up
        // longer, as on a loaded machine. So wait for them first, for as long as they may take.
        assertAllGivenBack();
        Scim.idp().get("/Users?count=1000").then().statusCode(200);
        assertAllGivenBack();
    }

    private void assertAllGivenBack() {
        assertTrue(PackagedJar.waitUntil(Duration.ofSeconds(10), () -> admission.available() == 1000),
                () -> admission.available() + " of 1000 records free after the pages were answered");
    }

    @Test
    void theDefaultIsAQuarterOfTheHeapAndAtLeastOnePage() {
        assertEquals(2048, ListAdmission.defaultRecords(64L << 20, 1000));
        assertEquals(8192, ListAdmission.defaultRecords(256L << 20, 1000));
        assertEquals(1000, ListAdmission.defaultRecords(16L << 20, 1000));
    }
}
