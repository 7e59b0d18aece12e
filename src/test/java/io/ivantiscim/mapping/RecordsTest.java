package io.ivantiscim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Records#isRecordId} accepts exactly what {@code [A-Za-z0-9]{1,64}} (its former expression) matches. */
class RecordsTest {

    private static final Pattern FORMER = Pattern.compile("[A-Za-z0-9]{1,64}");

    @ParameterizedTest(name = "[{0}] → {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                             | false",
            "''                               | false",
            "6B1E3C4A9F0D4B2C8E7A5D3F1B9C0E2A | true",
            "6b1e3c4a9f0d4b2c8e7a5d3f1b9c0e2a | true",
            "a                                | true",
            "Z9                               | true",
            "0123456789012345678901234567890123456789012345678901234567890123  | true", // 64
            "01234567890123456789012345678901234567890123456789012345678901234 | false", // 65
            "6B1E3C4A-9F0D                    | false",
            "'6B1E '                          | false",
            "x')or(1 eq 1                     | false", // must not reach an OData literal
            "é                                | false",
            "٣                                | false", // a non-ASCII digit
            "Ａ                               | false", // a fullwidth letter
            "a_b                              | false",
            "a/b                              | false"})
    void recordIds(String id, boolean valid) {
        assertEquals(valid, Records.isRecordId(id));
        assertEquals(valid, id != null && FORMER.matcher(id).matches());
    }
}
