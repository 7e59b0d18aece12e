package io.ivantiscim.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * The emulator's shortcuts against the plain definitions they stand for: dates as {@code ISO_OFFSET_DATE_TIME}
 * prints them (row 27), and field names found in any case (docs/ivanti-api.md §8.8, §3).
 */
class EmulatorStateTest {

    private static final List<String> INSTANTS = List.of("1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z", "0999-12-31T23:59:59Z", "2000-02-29T12:34:56Z", "2026-12-02T03:04:05Z",
            "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "2026-12-02T03:04:05.5Z",
            "2026-12-02T03:04:05.000000001Z", "1969-12-31T23:59:59Z");
    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.of("+00:00"),
            ZoneOffset.of("+05:30"), ZoneOffset.of("-08:00"), ZoneOffset.of("+01:02:03"));

    @Test
    void datesAreWhatTheIsoFormatterPrints() {
        for (String i : INSTANTS) {
            Instant instant = Instant.parse(i);
            for (ZoneOffset o : OFFSETS) {
                assertEquals(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(o)),
                        EmulatorState.formatDate(instant, o), i + " at " + o);
            }
        }
    }

    @Test
    void fieldsAreFoundInAnyCase() {
        for (BoType t : BoType.ALL) {
            for (BoType.Field f : t.fields) {
                for (String name : List.of(f.name(), f.name().toLowerCase(Locale.ROOT),
                        f.name().toUpperCase(Locale.ROOT), " " + f.name() + " ")) {
                    assertSame(f, t.field(name), t.set + " " + name);
                }
            }
            assertNull(t.field("NoSuchField"), t.set);
        }
    }
}
