package io.ivantiscim.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

/** The cursor codec as a table: what reads back, and which scimType each kind of bad cursor gets. */
class CursorsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Cursors CURSORS = Cursors.withSecret("s3cret", Duration.ofMinutes(10),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private static final CursorPosition AT = new CursorPosition(true, "0A95F9C7033A48B44910EA839C7EFCF5", 200, 5210);

    @Test
    void aCursorReadsBackAsItsPositionAndUsesOnlyUnreservedCharacters() throws Exception {
        for (CursorPosition p : List.of(AT, new CursorPosition(false, "00", 0, -1), CursorPosition.FIRST)) {
            String cursor = CURSORS.write("Users", Filter.eq("userName", "a"), 100, p);
            assertTrue(cursor.matches("[A-Za-z0-9._~-]+"), cursor);
            assertEquals(p, CURSORS.read("Users", Filter.eq("userName", "a"), 100, cursor));
        }
        assertEquals(CursorPosition.FIRST, CURSORS.read("Users", null, 100, ""));
        assertEquals(CursorPosition.FIRST, CURSORS.read("Users", null, 100, null));
    }

    @Test
    void badCursorsGetTheirScimType() throws Exception {
        String good = CURSORS.write("Users", null, 100, AT);
        String tampered = good.substring(0, 3) + (good.charAt(3) == 'x' ? 'y' : 'x') + good.substring(4);
        String old = Cursors.withSecret("s3cret", Duration.ofMinutes(10),
                Clock.fixed(NOW.minus(Duration.ofMinutes(11)), ZoneOffset.UTC)).write("Users", null, 100, AT);
        String foreign = Cursors.withSecret("other", Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC))
                .write("Users", null, 100, AT);
        Object[][] table = {
                {tampered, "Users", null, 100, "invalidCursor"},
                {foreign, "Users", null, 100, "invalidCursor"},
                {"garbage", "Users", null, 100, "invalidCursor"},
                {".", "Users", null, 100, "invalidCursor"},
                {"%%%.%%%", "Users", null, 100, "invalidCursor"},
                {good, "Groups", null, 100, "invalidCursor"},
                {good, "Users", Filter.pr("title"), 100, "invalidCursor"},
                {good, "Users", null, 50, "invalidCount"},
                {old, "Users", null, 100, "expiredCursor"},
        };
        for (Object[] row : table) {
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> CURSORS.read((String) row[1], (Filter) row[2], (Integer) row[3], (String) row[0]),
                    String.valueOf(row[0]));
            assertEquals(row[4], e.getScimError().getScimType(), String.valueOf(row[0]));
        }
    }
}
