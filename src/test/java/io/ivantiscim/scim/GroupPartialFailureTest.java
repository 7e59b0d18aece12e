package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/** Ivanti fails 10% of link calls: the PATCH says so, and repeating it converges to the intended membership. */
@QuarkusTest
class GroupPartialFailureTest {

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void repeatingAFailedPatchConverges() {
        List<String> u = GroupTesting.users(emulator, "partial", 60);
        String id = GroupTesting.createGroup(GroupTesting.uniqueName("Partial"));
        String body = patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + GroupTesting.values(u) + "}");
        int repeats = 0;
        int status;
        Set<String> afterFirst;
        emulator.faults(Map.of("errorRate", 0.1, "kinds", "link", "seed", 7));
        try {
            int first = Scim.idp().body(body).patch("/Groups/" + id).then().extract().statusCode();
            assertEquals(503, first, "10% of 60 links failed, so the PATCH reports an error");
            afterFirst = GroupTesting.members(id);
            status = first;
            while (status != 204 && repeats < 20) {
                status = Scim.idp().body(body).patch("/Groups/" + id).then().extract().statusCode();
                repeats++;
            }
        } finally {
            emulator.clearFaults();
        }
        // The failure was partial: the links that succeeded stay, so a repeat has only the rest to do.
        assertTrue(!afterFirst.isEmpty() && u.containsAll(afterFirst) && afterFirst.size() < u.size(),
                "after the failed PATCH " + afterFirst.size() + " of " + u.size() + " members are linked");
        assertEquals(204, status, "not converged after " + repeats + " repeats");
        assertEquals(Set.copyOf(u), GroupTesting.members(id));
    }
}
