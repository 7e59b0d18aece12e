package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code bridge.users.delete-mode=hard}: DELETE removes the Employee, and a new POST makes a new record. */
@QuarkusTest
@TestProfile(HardDeleteTest.HardDelete.class)
class HardDeleteTest {

    /** Hard delete instead of the default soft delete. */
    public static class HardDelete extends ConfigOverrides {

        public HardDelete() {
            super("bridge.users.delete-mode", "hard");
        }
    }

    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void deleteRemovesTheEmployee() {
        String login = EmulatorClient.uniqueLogin("hard.delete") + "@example.test";
        String id = Scim.idp().body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then()
                .statusCode(201).extract().path("id");
        long deletes = emulator.calls(() -> Scim.idp().delete("/Users/" + id).then().statusCode(204),
                "employees.delete");
        assertEquals(1, deletes);
        Scim.idp().get("/Users/" + id).then().statusCode(404);
        emulator.api().get(emulator.entity("employees", id)).then().statusCode(400);
        Scim.idp().body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then()
                .statusCode(201).body("id", not(equalTo(id))).body("active", is(true));
    }
}
