package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A PATCH that adds or removes one named member costs the same few Ivanti calls whatever the group's size (issue 14:
 * no read of the whole group), counted by the emulator for a group of 50 and one of 500 members.
 */
@QuarkusTest
class GroupMemberCostTest {

    private static final String[] KINDS = {"total", "nav", "link", "unlink", "employees.list",
            "standarduserteams.list", "standarduserteams.update"};

    private final EmulatorClient emulator = new EmulatorClient();

    /** The counter deltas of the PATCHes made on one group of {@code size} members. */
    private record Costs(Map<String, Long> add, Map<String, Long> remove, Map<String, Long> okta,
            Map<String, Long> again) {
    }

    @Test
    void oneMemberCostsTheSameInAGroupOf50AndOf500() {
        Costs small = costs(50);
        Costs large = costs(500);
        assertEquals(small, large, "the same calls whatever the size of the group");
        // A team read, the user's check, a read of the user's own groups, and the link (or unlink).
        assertEquals(Map.of("total", 4L, "nav", 1L, "link", 1L, "unlink", 0L, "employees.list", 1L,
                "standarduserteams.list", 1L, "standarduserteams.update", 0L), small.add());
        assertEquals(Map.of("total", 4L, "nav", 1L, "link", 0L, "unlink", 1L, "employees.list", 1L,
                "standarduserteams.list", 1L, "standarduserteams.update", 0L), small.remove());
        // Okta's membership PATCH: the rename (unchanged here), one remove and one add.
        assertEquals(6L, small.okta().get("total"), small.okta().toString());
        assertEquals(1L, small.okta().get("link"));
        assertEquals(1L, small.okta().get("unlink"));
        // Repeated: nobody to link or unlink, nothing written.
        assertEquals(0L, small.again().get("link") + small.again().get("unlink")
                + small.again().get("standarduserteams.update"), small.again().toString());
    }

    private Costs costs(int size) {
        List<String> users = GroupTesting.users(emulator, "cost" + size, size + 2);
        List<String> members = users.subList(0, size);
        String newcomer = users.get(size);
        String another = users.get(size + 1);
        String name = GroupTesting.uniqueName("Cost " + size);
        String id = GroupTesting.createGroup(name);
        Scim.idp().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + GroupTesting.values(members)
                + "}")).patch("/Groups/" + id).then().statusCode(204);

        Map<String, Long> add = emulator.deltas(() -> Scim.idp().body(patch("{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[{\"value\":\"" + newcomer + "\"}]}")).patch("/Groups/" + id).then().statusCode(204),
                KINDS);
        Set<String> afterAdd = GroupTesting.members(id);
        assertEquals(size + 1, afterAdd.size());
        assertTrue(afterAdd.contains(newcomer));

        String gone = members.get(0);
        Map<String, Long> remove = emulator.deltas(() -> Scim.idp().body(patch("{\"op\":\"remove\",\"path\":"
                + "\"members[value eq \\\"" + gone + "\\\"]\"}")).patch("/Groups/" + id).then().statusCode(204),
                KINDS);
        Set<String> afterRemove = GroupTesting.members(id);
        assertEquals(size, afterRemove.size());
        assertFalse(afterRemove.contains(gone));

        String okta = patch("{\"op\":\"replace\",\"value\":{\"id\":\"" + id + "\",\"displayName\":\"" + name + "\"}}",
                "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + members.get(1) + "\\\"]\"}",
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + another + "\"}]}");
        Map<String, Long> oktaCalls = emulator.deltas(() -> Scim.idp().body(okta).patch("/Groups/" + id).then()
                .statusCode(204), KINDS);
        Map<String, Long> again = emulator.deltas(() -> Scim.idp().body(okta).patch("/Groups/" + id).then()
                .statusCode(204), KINDS);
        Set<String> afterOkta = GroupTesting.members(id);
        assertEquals(size, afterOkta.size());
        assertTrue(afterOkta.contains(another) && !afterOkta.contains(members.get(1)));

        // With the members excluded from a 200 the answer is the group without them, at the same cost.
        Map<String, Long> answered = emulator.deltas(() -> Scim.idp().queryParam("excludedAttributes", "members")
                .body(patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + another + "\\\"]\"}"))
                .patch("/Groups/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("displayName", equalTo(name)).body("members", nullValue()),
                KINDS);
        assertEquals(remove, answered);
        return new Costs(add, remove, oktaCalls, again);
    }
}
