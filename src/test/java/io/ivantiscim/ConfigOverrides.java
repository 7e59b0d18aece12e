package io.ivantiscim;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile that is nothing but configuration overrides, given as key, value, key, value, … (a test class names
 * its profile in {@code @TestProfile}, so each one is still its own subclass with a no-argument constructor).
 */
public abstract class ConfigOverrides implements QuarkusTestProfile {

    private final Map<String, String> overrides = new LinkedHashMap<>();

    protected ConfigOverrides(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Overrides come in key, value pairs: " + keysAndValues.length);
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (overrides.put(keysAndValues[i], keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("Override given twice: " + keysAndValues[i]);
            }
        }
    }

    /**
     * Overrides for {@code mode} (session or jwt) login to the emulator's default tenant with its default
     * credentials, followed by {@code more}.
     */
    protected static String[] tenantLogin(String mode, String... more) {
        String[] login = {"bridge.ivanti.auth.mode", mode, "bridge.ivanti.auth.tenant", "demo.ivanticloud.com",
                "bridge.ivanti.auth.username", "scim-bridge", "bridge.ivanti.auth.password", "demo-password"};
        String[] all = new String[login.length + more.length];
        System.arraycopy(login, 0, all, 0, login.length);
        System.arraycopy(more, 0, all, login.length, more.length);
        return all;
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        return Map.copyOf(overrides);
    }
}
