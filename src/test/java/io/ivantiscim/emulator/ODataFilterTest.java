package io.ivantiscim.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pure unit tests of the {@code $filter} dialect (docs/ivanti-api.md rows 11–13), table-driven. */
class ODataFilterTest {

    private static final BoType T = BoType.EMPLOYEE;

    /** Harold O'Brien, Active, not disabled, created 2026-01-01T10:00Z, no middle name. */
    private static Object[] row() {
        Object[] r = new Object[T.size()];
        EmulatorState.set(T, r, "RecId", "0123456789ABCDEF0123456789ABCDEF");
        EmulatorState.set(T, r, "LoginID", "hobrien");
        EmulatorState.set(T, r, "FirstName", "Harold");
        EmulatorState.set(T, r, "LastName", "O'Brien");
        EmulatorState.set(T, r, "Status", "Active");
        EmulatorState.set(T, r, "MiddleName", "");
        EmulatorState.set(T, r, "Disabled", Boolean.FALSE);
        EmulatorState.set(T, r, "LoginAttemptCount", 3);
        EmulatorState.set(T, r, "CreatedDateTime", Instant.parse("2026-01-01T10:00:00Z"));
        return r;
    }

    private static boolean eval(String filter) throws Exception {
        return ODataFilter.parse(filter, T, true, false, ZoneOffset.UTC).test(row());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FirstName eq 'harold'                                         | true",
            "FIRSTNAME EQ 'HAROLD'                                         | true",
            "FirstName ne 'Harold'                                         | false",
            "LastName eq 'O''Brien'                                        | true",
            "MiddleName eq '$NULL'                                         | true",
            "Title eq '$NULL'                                              | true",
            "LastName eq '$NULL'                                           | false",
            "LastName ne '$NULL'                                           | true",
            "MiddleName eq ''                                              | false",
            "CreatedDateTime gt 2026-01-01                                 | true",
            "CreatedDateTime lt 2026-01-01T10:00:01Z                       | true",
            "CreatedDateTime ge 2026-01-01T15:30:00+05:30                  | true",
            "CreatedDateTime gt 2026-01-01T15:30:00+05:30                  | false",
            "HiredDate lt 1900-01-01                                       | true",
            "Disabled eq false                                             | true",
            "LoginAttemptCount ge 3 and LoginAttemptCount lt 4             | true",
            "Status eq 'Inactive' or FirstName eq 'Harold'                 | true",
            "Status eq 'Active' and (FirstName eq 'x' or LastName eq 'o''brien') | true",
            "FirstName gt 'Alan' and FirstName le 'harold'                 | true",
            "Status eq 'Inactive' and FirstName eq 'x' or LoginID eq 'hobrien' | true",
            "LoginID eq 'hobrien' or Status eq 'x' and FirstName eq 'x'    | true",
    })
    void evaluates(String filter, boolean expected) throws Exception {
        assertEquals(expected, eval(filter), filter);
    }

    @Test
    void leftToRightQuirkChangesPrecedence() throws Exception {
        String f = "LoginID eq 'hobrien' or Status eq 'x' and FirstName eq 'x'";
        assertTrue(ODataFilter.parse(f, T, true, false, ZoneOffset.UTC).test(row()));
        assertFalse(ODataFilter.parse(f, T, true, true, ZoneOffset.UTC).test(row()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"contains(LastName,'zz')", "startswith(LoginID,'x') eq true",
            "tolower(FirstName) eq 'x'", "year(CreatedDateTime) eq 1999", "Status eq 'x' and endswith(LoginID,'q')"})
    void functionsMakeTheWholeFilterIgnored(String filter) throws Exception {
        ODataFilter f = ODataFilter.parse(filter, T, true, false, ZoneOffset.UTC);
        assertTrue(f.ignored());
        assertTrue(f.test(row()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"substringof('x',LoginID)", "CreatedDateTime gt datetime'2026-01-01T00:00:00'",
            "not (FirstName eq 'x')", "HiredDate eq '$NULL'", "LoginAttemptCount eq '$NULL'", "Nope eq 'x'",
            "FirstName eq", "FirstName like 'x'", "FirstName eq 'unterminated", "(FirstName eq 'x'",
            "CreatedDateTime gt '2026-01-01'", "Disabled eq 'maybe'", "LoginAttemptCount gt abc", " ",
            "FirstName eq 'x' FirstName"})
    void rejects(String filter) {
        assertThrows(ODataFilter.InvalidFilterException.class,
                () -> ODataFilter.parse(filter, T, true, false, ZoneOffset.UTC));
    }

    @Test
    void parenthesesCanBeSwitchedOff() {
        assertThrows(ODataFilter.InvalidFilterException.class,
                () -> ODataFilter.parse("(FirstName eq 'x')", T, false, false, ZoneOffset.UTC));
    }

    @Test
    void dateLiteralsWithoutZoneUseTenantOffset() throws Exception {
        ZoneOffset ist = ZoneOffset.of("+05:30");
        assertEquals(Instant.parse("2026-01-01T04:30:00Z"), ODataFilter.parseDate("2026-01-01T10:00:00", ist));
        assertEquals(Instant.parse("2025-12-31T18:30:00Z"), ODataFilter.parseDate("2026-01-01", ist));
        assertNull(ODataFilter.parseDate("yesterday", ist));
    }

    @Test
    void exposesIndexableEquality() throws Exception {
        ODataFilter f = ODataFilter.parse("Status eq 'Active' and loginid eq 'JDoe'", T, true, false, ZoneOffset.UTC);
        assertEquals("JDoe", f.equalityOn(T.field("LoginID")));
        ODataFilter g = ODataFilter.parse("Status eq 'Active' or LoginID eq 'JDoe'", T, true, false, ZoneOffset.UTC);
        assertNull(g.equalityOn(T.field("LoginID")));
    }
}
