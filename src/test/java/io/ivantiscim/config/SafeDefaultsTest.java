package io.ivantiscim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which settings put SCIM on 127.0.0.1 (a demo credential in force) and what check mode switches off. */
class SafeDefaultsTest {

    static Stream<Arguments> hosts() {
        Optional<String> none = Optional.empty();
        Optional<String> url = Optional.of("https://acme.ivanticloud.com");
        Optional<String> token = Optional.of("real-token");
        Optional<String> password = Optional.of("real-password");
        Map<String, String> loopback = Map.of("quarkus.http.host", "127.0.0.1");
        Map<String, String> all = Map.of("quarkus.http.host", "0.0.0.0");
        return Stream.of(
                Arguments.of("demo token and demo password", none, none, none, loopback),
                Arguments.of("demo token", none, none, password, loopback),
                Arguments.of("demo password", none, token, none, loopback),
                Arguments.of("real credentials on the emulator", none, token, password, all),
                Arguments.of("a tenant (no demo credential is ever accepted)", url, none, none, all));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void demoHost(String name, Optional<String> url, Optional<String> token, Optional<String> password,
            Map<String, String> expected) {
        assertEquals(expected, SafeDefaults.demoHost(url, token, password));
    }

    @ParameterizedTest(name = "check-and-exit={0}")
    @MethodSource("checkModes")
    void checkModeOpensNoListener(Optional<String> value, Map<String, String> expected) {
        assertEquals(expected, SafeDefaults.checkMode(value));
    }

    static Stream<Arguments> checkModes() {
        return Stream.of(Arguments.of(Optional.empty(), Map.of()), Arguments.of(Optional.of("false"), Map.of()),
                Arguments.of(Optional.of("true"), Map.of("quarkus.http.host-enabled", "false",
                        "quarkus.management.host-enabled", "false")));
    }
}
