package io.ivantiscim.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.ivantiscim.emulator.EmulatorClient;

/** Helpers for the Group tests: users made directly in the emulator, PATCH bodies, membership read back. */
final class GroupTesting {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private GroupTesting() {
    }

    /** {@code n} new employees (straight into the emulator), their RecIds. */
    static List<String> users(EmulatorClient emulator, String prefix, int n) {
        if (n <= 10) {
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(emulator.createEmployeeId(EmulatorClient.uniqueLogin(prefix)));
            }
            return ids;
        }
        // Many users: made 8 at a time, or the 1 000-member test spends minutes on set-up.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> emulator.createEmployeeId(EmulatorClient.uniqueLogin(prefix))));
            }
            List<String> ids = new ArrayList<>(n);
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    static String uniqueName(String prefix) {
        return EmulatorClient.uniqueLogin(prefix).replace('.', ' ');
    }

    /** POST /Groups with no members; answers the id. */
    static String createGroup(String name) {
        return Scim.idp().body("{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"" + name + "\",\"members\":[]}")
                .post("/Groups").then().statusCode(201).extract().path("id");
    }

    /** A PATCH body with the given operations (JSON objects). */
    static String patch(String... operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + String.join(",", operations) + "]}";
    }

    /** {@code [{"value":id}, …]}. */
    static String values(List<String> ids) {
        return ids.stream().map(i -> "{\"value\":\"" + i + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    /** The member ids as the bridge returns them. */
    static Set<String> members(String groupId) {
        List<String> ids = Scim.idp().get("/Groups/" + groupId).then().statusCode(200).extract()
                .path("members.value");
        return ids == null ? new TreeSet<>() : new TreeSet<>(ids);
    }
}
