package io.ivantiscim.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.ivantiscim.config.EmulatorConfig;
import io.ivantiscim.config.EmulatorProfiles;
import io.smallrye.config.WithDefault;

/**
 * The switch table of {@code docs/emulator-profiles.md} and the README's short table say what the preset files
 * ({@code emulator-profiles/*.properties}) set: the same switches, the same strict and legacy values, and for a switch
 * {@code EmulatorConfig} declares with a default, that default.
 */
class EmulatorProfilesDocTest {

    /**
     * The table under the header {@code | Switch | default | strict …}: switch name (without {@code bridge.emulator.})
     * → its first {@code columns} values (default, strict, legacy).
     */
    private static Map<String, List<String>> table(Path file, int columns) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean in = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("| Switch | default | strict")) {
                in = true;
                continue;
            }
            if (in && !line.startsWith("|")) {
                break;
            }
            if (!in || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> values = new ArrayList<>();
            for (int i = 2; i < 2 + columns; i++) {
                values.add(value(cells[i]));
            }
            rows.put(value(cells[1]).replaceFirst("^bridge\\.emulator\\.", ""), values);
        }
        return rows;
    }

    /** {@code `x`} → x; {@code —} or {@code — (…)} → "" (unset). */
    private static String value(String cell) {
        String c = cell.trim();
        if (c.startsWith("—")) {
            return "";
        }
        return c.startsWith("`") ? c.substring(1, c.indexOf('`', 1)) : c;
    }

    private static Map<String, String> preset(String name) {
        Map<String, String> m = new TreeMap<>();
        EmulatorProfiles.preset(name).forEach((k, v) -> m.put(k.substring("bridge.emulator.".length()), v));
        return m;
    }

    @Test
    void docsTableIsThePresets() throws IOException {
        Map<String, List<String>> rows = table(Path.of("docs/emulator-profiles.md"), 3);
        Map<String, String> strict = preset("strict");
        Map<String, String> legacy = preset("legacy");
        assertEquals(new TreeSet<>(strict.keySet()), new TreeSet<>(rows.keySet()),
                "switches in docs/emulator-profiles.md vs strict.properties");
        assertEquals(new TreeSet<>(legacy.keySet()), new TreeSet<>(rows.keySet()),
                "switches in docs/emulator-profiles.md vs legacy.properties");
        List<String> problems = new ArrayList<>();
        rows.forEach((k, v) -> {
            if (!v.get(1).equals(strict.get(k))) {
                problems.add(k + ": strict is " + strict.get(k) + ", the doc says " + v.get(1));
            }
            if (!v.get(2).equals(legacy.get(k))) {
                problems.add(k + ": legacy is " + legacy.get(k) + ", the doc says " + v.get(2));
            }
            String declared = declaredDefault(k);
            if (declared != null && !declared.equals(v.get(0))) {
                problems.add(k + ": EmulatorConfig's default is " + declared + ", the doc says " + v.get(0));
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void readmeTableIsTheDocsTable() throws IOException {
        Map<String, List<String>> doc = table(Path.of("docs/emulator-profiles.md"), 2);
        Map<String, List<String>> readme = table(Path.of("README.md"), 2);
        assertEquals(doc, readme, "README's emulator profile table vs docs/emulator-profiles.md");
    }

    /** The {@code @WithDefault} of switch {@code key} ({@code faults.create-latency-min-ms} style), or null. */
    private static String declaredDefault(String key) {
        Class<?> type = EmulatorConfig.class;
        String[] parts = key.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            Method m = method(type, camel(parts[i]));
            if (m == null) {
                return null;
            }
            if (i < parts.length - 1) {
                type = m.getReturnType();
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                return d == null ? "" : d.value();
            }
        }
        return null;
    }

    private static Method method(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
