package io.ivantiscim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.runtime.QuarkusBindException;

/** Each kind of start-up failure becomes one paragraph naming the property to fix. */
class StartupFailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new RuntimeException("wrapped", new StartupFailure("Ivanti start-up check: FAILED. "
                        + "Fix bridge.ivanti.url.")), "Fix bridge.ivanti.url."),
                Arguments.of(
                        new RuntimeException(
                                new QuarkusBindException("0.0.0.0", 8080, new java.net.BindException("x"))),
                        "port 8080 on 0.0.0.0 is in use"),
                Arguments.of(new IllegalStateException("Cannot open the store", new RuntimeException(
                        "Database may be already in use: \"/x/data/bridge.mv.db\". Possible solutions: close all "
                                + "other connection(s); use the server mode [90020-240]")),
                        "bridge.store.url (BRIDGE_STORE_URL) is in use by another process"),
                Arguments.of(new RuntimeException("Failed to start", new IllegalStateException(
                        "bridge.ivanti.auth.password (BRIDGE_IVANTI_AUTH_PASSWORD) must be set\n  for session auth")),
                        "did not start: bridge.ivanti.auth.password (BRIDGE_IVANTI_AUTH_PASSWORD) must be set for "
                                + "session auth"),
                Arguments.of(new RuntimeException(new NullPointerException()),
                        "did not start: NullPointerException. Run again with QUARKUS_LOG_LEVEL=DEBUG"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void oneParagraphNamingTheFix(Throwable failure, String expected) {
        String paragraph = StartupFailures.paragraph(failure);
        assertTrue(paragraph.startsWith("ivanti-scim-bridge did not start"), paragraph);
        assertTrue(paragraph.contains(expected), paragraph);
        assertFalse(paragraph.contains("\tat "), paragraph);
    }
}
