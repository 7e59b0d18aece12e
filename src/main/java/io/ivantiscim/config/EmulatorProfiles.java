package io.ivantiscim.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Emulator tenant profiles ({@code bridge.emulator.profile=default|strict|legacy}): each names a preset that sets
 * every emulator switch at once, registered through {@code META-INF/services}. A preset is one resource,
 * {@code emulator-profiles/<name>.properties}, holding plain {@code bridge.emulator.*} values; {@code default} holds
 * none, so every switch keeps its {@code @WithDefault}. The source's ordinal ({@value #ORDINAL}) is below
 * {@code application.properties} (250), environment variables and system properties, so an explicit per-switch
 * property always overrides the preset. Which value each preset takes and why: {@code docs/emulator-profiles.md}.
 */
public class EmulatorProfiles implements ConfigSourceFactory {

    /** The property that chooses the preset. */
    public static final String PROPERTY = "bridge.emulator.profile";

    /** The presets there are; {@code default} changes nothing. */
    public static final List<String> NAMES = List.of("default", "strict", "legacy");

    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue v = context.getValue(PROPERTY);
        String name = v == null || v.getValue() == null || v.getValue().isBlank() ? "default" : v.getValue();
        return List.of(new PropertiesConfigSource(preset(name), "bridge-emulator-profile-" + name.trim(), ORDINAL));
    }

    /** The {@code bridge.emulator.*} values of preset {@code name}; an unknown name fails start-up naming the known. */
    public static Map<String, String> preset(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException(PROPERTY + "=" + name + " is not a profile; choose one of " + NAMES);
        }
        String resource = "emulator-profiles/" + n + ".properties";
        Properties p = new Properties();
        try (InputStream in = EmulatorProfiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the application");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("bridge.emulator.") || key.equals(PROPERTY)) {
                throw new IllegalStateException(resource + " may only set emulator switches, not " + key);
            }
            values.put(key, p.getProperty(key).trim());
        }
        return values;
    }
}
