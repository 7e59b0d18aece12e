package io.ivantiscim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * {@code bridge.emulator.profile} sets the preset's switches, and an explicit switch (in {@code application.properties}
 * at 250, or anything above) still wins; {@code default} sets nothing; an unknown name fails naming the known ones.
 */
class EmulatorProfilesTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no profile", Map.of(), "bridge.emulator.count-unasked", Optional.empty()),
                Arguments.of("default sets nothing", Map.of("bridge.emulator.profile", "default"),
                        "bridge.emulator.count-unasked", Optional.empty()),
                Arguments.of("strict: count only when asked", Map.of("bridge.emulator.profile", "strict"),
                        "bridge.emulator.count-unasked", Optional.of("false")),
                Arguments.of("strict: unlink 204", Map.of("bridge.emulator.profile", "strict"),
                        "bridge.emulator.unlink-status", Optional.of("204")),
                Arguments.of("strict: the value with a space survives",
                        Map.of("bridge.emulator.profile", "strict"), "bridge.emulator.status-values",
                        Optional.of("Active,Terminated,New,On Leave")),
                Arguments.of("an explicit switch wins over the preset",
                        Map.of("bridge.emulator.profile", "strict", "bridge.emulator.tenant-offset", "+01:00"),
                        "bridge.emulator.tenant-offset", Optional.of("+01:00")),
                Arguments.of("case and blanks in the name do not matter",
                        Map.of("bridge.emulator.profile", " Legacy "), "bridge.emulator.tenant-offset",
                        Optional.of("-07:00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void presetBelowExplicitSwitches(String name, Map<String, String> applicationProperties, String key,
            Optional<String> expected) {
        assertEquals(expected, config(applicationProperties).getOptionalValue(key, String.class));
    }

    @Test
    void unknownProfileFailsNamingTheKnownOnes() {
        Throwable e = assertThrows(RuntimeException.class,
                () -> config(Map.of("bridge.emulator.profile", "harsh")).getOptionalValue("x", String.class));
        while (e.getCause() != null && !(e instanceof IllegalArgumentException)) {
            e = e.getCause();
        }
        assertTrue(String.valueOf(e.getMessage()).contains("harsh is not a profile; choose one of [default, strict, "
                + "legacy]"), String.valueOf(e.getMessage()));
    }

    @Test
    void everyNamedProfileHasItsResourceAndOnlyEmulatorSwitches() {
        for (String n : EmulatorProfiles.NAMES) {
            EmulatorProfiles.preset(n).keySet()
                    .forEach(k -> assertTrue(k.startsWith("bridge.emulator."), n + ": " + k));
        }
        assertEquals(Map.of(), EmulatorProfiles.preset("default"));
    }

    private static SmallRyeConfig config(Map<String, String> applicationProperties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new EmulatorProfiles()).build();
    }
}
