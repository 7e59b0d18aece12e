package io.ivantiscim.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link JsonText} writes what Jackson's default generator writes, so the log lines did not change (issue 14). */
class JsonTextTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void stringsAreEscapedAsJacksonEscapesThem() throws IOException {
        List<String> values = new ArrayList<>(List.of("", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r",
                "\b\f\u0000\u0001\u001f\u007f", "ünïcödé € 日本", "\ud83d\ude00 and a lone \ud83d", "</script>",
                "{\"audit\":\"scim\",\"detail\":null}"));
        Random random = new Random(14);
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = random.nextInt(40); j > 0; j--) {
                s.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            values.add(s.toString());
        }
        for (String value : values) {
            assertEquals(jackson(value), JsonText.string(new StringBuilder(), value).toString(), value);
        }
        assertEquals("null", JsonText.string(new StringBuilder(), null).toString());
    }

    @Test
    void fieldsMakeAnObjectJacksonReadsBack() throws IOException {
        StringBuilder out = JsonText.buffer();
        JsonText.field(out, true, "a", "x\"y");
        JsonText.field(out, false, "n", 42L);
        JsonText.field(out, false, "none", (Number) null);
        JsonText.field(out, false, "s", (String) null);
        String text = JsonText.done(out.append('}'));
        assertEquals("{\"a\":\"x\\\"y\",\"n\":42,\"none\":null,\"s\":null}", text);
        assertEquals("x\"y", new ObjectMapper().readTree(text).path("a").asText());
    }

    @Test
    void aBufferGrownByALongLineIsNotKept() {
        StringBuilder big = JsonText.buffer();
        big.append("x".repeat(100_000));
        JsonText.done(big);
        StringBuilder next = JsonText.buffer();
        assertNotSame(big, next, "a 100 000-char buffer is dropped after its line");
        JsonText.done(next);
        assertEquals(next, JsonText.buffer(), "a small one is reused");
    }

    private static String jackson(String value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(value);
        }
        return out.toString();
    }
}
