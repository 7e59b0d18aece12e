package io.ivantiscim.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which bodies {@link ScimRequestReader} parses straight from the bytes: plain ASCII only, so a body with any other
 * byte still goes through the strict UTF-8 decoder, and one with a NUL cannot be taken by Jackson for UTF-16/32.
 */
class ScimRequestReaderTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "''                         | true", // empty: refused as empty either way
            "7b7d                       | true", // {}
            "7b2261223a2231227d0d0a     | true", // {"a":"1"} CRLF
            "7f                         | true", // DEL is ASCII
            "00                         | false", // NUL: Jackson's encoding detection looks for zero bytes
            "007b007d                   | false", // {} as UTF-16BE
            "efbbbf7b7d                 | false", // UTF-8 byte order mark
            "7b2261223a22c3a4227d       | false", // {"a":"ä"}, valid UTF-8
            "7b2261223a22ff227d         | false", // not UTF-8 at all
            "80                         | false"})
    void plainAscii(String hex, boolean plain) {
        assertEquals(plain, ScimRequestReader.plainAscii(HexFormat.of().parseHex(hex.trim())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"userName\":\"ada@example.com\"} | true", "{\"name\":\"Zoë\"} | false"})
    void textBodies(String body, boolean plain) {
        assertEquals(plain, ScimRequestReader.plainAscii(body.getBytes(StandardCharsets.UTF_8)));
    }
}
