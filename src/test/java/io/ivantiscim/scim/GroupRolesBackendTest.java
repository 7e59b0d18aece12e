package io.ivantiscim.scim;

import static io.ivantiscim.scim.GroupTesting.patch;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Groups as Ivanti roles ({@code bridge.groups.backend=roles}) with {@code delete-mode=detach}: a Group grants a role;
 * DELETE unlinks every member and hides the role, and a POST with the same name takes it back.
 */
@QuarkusTest
@TestProfile(GroupRolesBackendTest.Roles.class)
class GroupRolesBackendTest {

    /** Roles backend, detach on delete. */
    public static class Roles extends ConfigOverrides {

        public Roles() {
            super("bridge.groups.backend", "roles", "bridge.groups.delete-mode", "detach",
                    "bridge.groups.external-id-field",
                    "");
        }
    }

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void aGroupIsARoleAndDetachHidesIt() {
        List<String> u = GroupTesting.users(emulator, "role.member", 2);
        String name = GroupTesting.uniqueName("Role").replace(' ', '_');
        String id = GroupTesting.createGroup(name);
        emulator.api().get(emulator.odata("frs_def_roles") + "?$filter=RecId eq '" + id + "'").then()
                .statusCode(200).body("value[0].Name", equalTo(name)).body("value[0].DisplayName", equalTo(name));

        Scim.idp().body(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":" + GroupTesting.values(u) + "}"))
                .patch("/Groups/" + id).then().statusCode(204);
        assertEquals(Set.copyOf(u), GroupTesting.members(id));
        Scim.idp().queryParam("attributes", "groups").get("/Users/" + u.get(0)).then().statusCode(200)
                .body("groups.value", hasItem(id));

        assertEquals(2, emulator.calls(() -> Scim.idp().delete("/Groups/" + id).then().statusCode(204), "unlink"));
        Scim.idp().get("/Groups/" + id).then().statusCode(404);
        Scim.idp().queryParam("filter", "displayName eq \"" + name + "\"").get("/Groups").then().statusCode(200)
                .body("totalResults", is(0));

        // Taken back by a POST with the same name: same record, no members.
        String again = GroupTesting.createGroup(name);
        assertEquals(id, again);
        assertEquals(Set.of(), GroupTesting.members(again));
    }
}
