package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/** Ivanti calls per Group operation, counted by the emulator (deltas: tests share one application). */
@QuarkusTest
class GroupCallCountTest {

    private static final Logger LOG = Logger.getLogger(GroupCallCountTest.class);

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void excludedMembersCostsNoMembershipCall() {
        String name = GroupTesting.uniqueName("Count List");
        String id = GroupTesting.createGroup(name);
        Scim.idp().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":"
                + GroupTesting.values(GroupTesting.users(emulator, "count.list", 2)) + "}"))
                .patch("/Groups/" + id).then().statusCode(204);

        Map<String, Long> list = emulator.deltas(() -> Scim.idp().queryParam("excludedAttributes", "members")
                .queryParam("filter", "displayName eq \"" + name + "\"").get("/Groups").then().statusCode(200),
                "total", "nav");
        assertEquals(1, list.get("total"));
        assertEquals(0, list.get("nav"));
        assertEquals(1, emulator.calls(() -> Scim.idp().queryParam("excludedAttributes", "members")
                .get("/Groups/" + id).then().statusCode(200), "total"));
        assertEquals(2, emulator.calls(() -> Scim.idp().get("/Groups/" + id).then().statusCode(200), "total"));
        // A full list reads members of the listed groups only (one relationship read each here).
        Map<String, Long> all = emulator.deltas(() -> Scim.idp().queryParam("startIndex", 1).queryParam("count", 3)
                .get("/Groups").then().statusCode(200), "nav", "standarduserteams.list");
        assertTrue(all.get("nav") >= 3, "members of each listed group: " + all);
    }

    @Test
    void noOpChangesCostNoWriteAndUnknownMembersNoWriteAtAll() {
        List<String> u = GroupTesting.users(emulator, "count.noop", 2);
        String id = GroupTesting.createGroup(GroupTesting.uniqueName("Count Noop"));
        String add = patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + GroupTesting.values(u) + "}");
        assertEquals(2, emulator.calls(() -> Scim.idp().body(add).patch("/Groups/" + id).then().statusCode(204),
                "link"));
        Map<String, Long> again = emulator.deltas(() -> Scim.idp().body(add).patch("/Groups/" + id).then()
                .statusCode(204), "link", "unlink", "standarduserteams.update", "employees.list", "total");
        assertEquals(0, again.get("link") + again.get("unlink") + again.get("standarduserteams.update"),
                "adding existing members: " + again);
        // Named members: their check and their own group links are read, never the whole group (GroupMemberCostTest).
        assertEquals(4, again.get("total"), "a team read, one user check and each user's groups: " + again);
        assertEquals(0, emulator.calls(() -> Scim.idp().body(patch("{\"op\":\"remove\",\"path\":\"members[value eq "
                + "\\\"0123456789ABCDEF0123456789ABCDEF\\\"]\"}")).patch("/Groups/" + id).then().statusCode(204),
                "unlink"));

        String unknown = "FEDCBA9876543210FEDCBA9876543210";
        Map<String, Long> bad = emulator.deltas(() -> Scim.idp().body(patch("{\"op\":\"replace\",\"value\":{"
                + "\"displayName\":\"Never Renamed\"}}",
                "{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                        + u.get(0) + "\\\"]\"}",
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + unknown
                        + "\"}]}"))
                .patch("/Groups/" + id).then().statusCode(400)
                .body("scimType", equalTo("invalidValue")).body("detail", containsString(unknown)),
                "link", "unlink", "standarduserteams.update");
        assertEquals(Map.of("link", 0L, "unlink", 0L, "standarduserteams.update", 0L), Map.copyOf(bad));
        assertEquals(java.util.Set.copyOf(u), GroupTesting.members(id));
    }

    @Test
    void thousandMembersAreThousandLinkCallsRunConcurrently() {
        List<String> u = GroupTesting.users(emulator, "count.k", 1000);
        String id = GroupTesting.createGroup(GroupTesting.uniqueName("Count Thousand"));
        String body = patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + GroupTesting.values(u) + "}");
        long[] elapsed = new long[1];
        Map<String, Long> calls;
        emulator.faults(Map.of("latencyMs", 50));
        try {
            calls = emulator.deltas(() -> {
                long start = System.nanoTime();
                Scim.idp().body(body).patch("/Groups/" + id).then().statusCode(204);
                elapsed[0] = (System.nanoTime() - start) / 1_000_000;
            }, "link", "nav", "employees.list", "standarduserteams.list", "total");
        } finally {
            emulator.clearFaults();
        }
        LOG.infof("1000-member add at 50 ms emulator latency: %d ms, calls %s", elapsed[0], calls);
        assertEquals(1000, calls.get("link"));
        assertEquals(1, calls.get("nav"), "one membership read");
        assertTrue(calls.get("employees.list") <= 40, "member ids checked in batches: " + calls);
        // Each link call takes at least its 50 ms in the emulator (a timer never fires early), so 1000 of them one
        // after another take at least 50 000 ms on any machine: quicker than that, they overlapped. A tighter bound
        // would be a guess about how fast the calls are made, which a loaded machine does not keep.
        assertTrue(elapsed[0] < 1000 * 50, "took " + elapsed[0] + " ms; one after another take 50 000 ms or more");
        assertEquals(1000, GroupTesting.members(id).size());

        // And removing them all again: 1000 unlinks.
        assertEquals(1000, emulator.calls(() -> Scim.idp().body(patch("{\"op\":\"replace\",\"path\":\"members\","
                + "\"value\":[]}")).patch("/Groups/" + id).then().statusCode(204), "unlink"));
        assertEquals(new ArrayList<String>(), new ArrayList<>(GroupTesting.members(id)));
    }
}
