package io.ivantiscim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IsoDates} answers as the JDK's ISO parsers and ISO_INSTANT do, or leaves the text to them (null). */
class IsoDatesTest {

    private static final ZoneId TENANT = ZoneId.of("America/New_York");

    /** Read here, with the JDK's result. */
    @ParameterizedTest
    @ValueSource(strings = {"2024-01-31T12:34:56Z", "2024-01-31T12:34:56.1Z", "2024-01-31T12:34:56.123Z",
            "2024-01-31T12:34:56.123456789Z", "2024-01-31T12:34:56+05:30", "2024-01-31T12:34:56-08:00",
            "2024-01-31T12:34:56.5-00:00", "2024-02-29T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2024-01-31T12:34:56+18:00", "2024-01-31T12:34:56", "2024-03-10T02:30:00", "2024-11-03T01:30:00.25",
            "0001-01-01T00:00:00"})
    void readsAsTheJdk(String text) {
        assertEquals(jdk(text), IsoDates.parse(text, TENANT), text);
    }

    /** Left to the JDK (it may accept or refuse them; IsoDates never answers differently). */
    @ParameterizedTest
    @ValueSource(strings = {"", "2024-01-31", "2024-01-31T12:34Z", "2024-01-31t12:34:56Z", "2024-01-31T12:34:56z",
            "2024-01-31T12:34:56+05", "2024-01-31T12:34:56+05:30:15", "2024-01-31T12:34:56.Z",
            "2024-01-31T12:34:56.1234567891Z", "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-31T24:00:00Z",
            "2024-01-31T12:60:00Z", "2024-01-31T12:34:56+19:00", "2024-01-31T12:34:56+05:60", "+2024-01-31T12:34:56Z",
            "2024-1-31T12:34:56Z", "2024-01-31 12:34:56Z", "2024-01-31T12:34:56ZZ", "/Date(1706704496000)/",
            "2024-01-31T12:34:56Z "})
    void leavesTheRestToTheJdk(String text) {
        assertNull(IsoDates.parse(text, TENANT), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-31", "2024-02-29", "0001-01-01", "2024-03-10"})
    void readsDatesAsTheJdk(String text) {
        assertEquals(LocalDate.parse(text).atStartOfDay(TENANT).toInstant(), IsoDates.parseDate(text, TENANT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2023-02-29", "2024-00-10", "2024-1-10", "20240110", "2024-01-31T"})
    void leavesOtherDatesToTheJdk(String text) {
        assertNull(IsoDates.parseDate(text, TENANT), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-31T12:34:56Z", "2024-01-31T12:34:56.100Z", "2024-01-31T12:34:56.000100Z",
            "2024-01-31T12:34:56.000000001Z", "2024-01-31T12:34:56.123456789Z", "1000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z", "0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z"})
    void writesAsIsoInstant(String text) {
        Instant instant = Instant.parse(text);
        assertEquals(DateTimeFormatter.ISO_INSTANT.format(instant), IsoDates.format(instant), text);
    }

    private static Instant jdk(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(TENANT).toInstant();
        }
    }
}
