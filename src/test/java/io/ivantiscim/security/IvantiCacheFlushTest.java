package io.ivantiscim.security;

import static io.ivantiscim.security.Admin.admin;
import static io.ivantiscim.security.Admin.anonymous;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.ivanti.IvantiMetadata;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /admin/ivanti/caches/flush} is an admin route: refused without the admin credential, effective with. */
@QuarkusTest
class IvantiCacheFlushTest {

    private static final String FLUSH = "/admin/ivanti/caches/flush";

    final EmulatorClient emu = new EmulatorClient();

    @Inject
    IvantiMetadata metadata;

    @Test
    void refusedWithoutTheAdminCredential() {
        metadata.entityType("employees");
        anonymous().post(FLUSH).then().statusCode(401).header("WWW-Authenticate", is(
                "Basic realm=\"ivanti-scim-bridge admin\""));
        anonymous().auth().preemptive().basic("admin", "wrong-password").post(FLUSH).then().statusCode(401);
        // Nothing was flushed: the cached $metadata still answers without a call.
        assertEquals(0L, emu.calls(() -> metadata.entityType("employees"), "metadata"));
    }

    @Test
    void flushesTheReferenceCachesWithTheAdminCredential() {
        metadata.entityType("employees");
        admin().post(FLUSH).then().statusCode(200).body("flushed.metadata", greaterThanOrEqualTo(1));
        assertEquals(1L, emu.calls(() -> metadata.entityType("employees"), "metadata"));
    }
}
