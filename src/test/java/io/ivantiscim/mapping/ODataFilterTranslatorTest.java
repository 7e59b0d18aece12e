package io.ivantiscim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.unboundid.scim2.common.exceptions.BadRequestException;

class ODataFilterTranslatorTest {

    private static final String ENT = TestMappings.ENT;
    private static final String IVT = TestMappings.IVT;
    private static final String LONG = "x".repeat(3000);

    private final ODataFilterTranslator translator = new ODataFilterTranslator(TestMappings.mapping());

    static Stream<Arguments> translations() {
        List<Arguments> rows = new ArrayList<>(List.of(
                // userName is caseExact=false and Ivanti eq is case-insensitive: exact (Okta's uppercase test, #17).
                row("userName eq \"JDOE\"", "LoginID eq 'JDOE'", null, true),
                row("USERNAME eq \"jdoe\"", "LoginID eq 'jdoe'", null, true),
                row("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a\"", "LoginID eq 'a'", null, true),
                row("externalId eq \"00u1\"", "IdentityId eq '00u1'", null, false),
                row("id eq \"0A1B\"", "RecId eq '0A1B'", null, false),
                row("userName ne \"x\"", "LoginID ne 'x'", null, true),
                // SQL Server pads strings when comparing: a value with edge spaces is re-checked, never trusted.
                row("userName eq \"jdoe \"", "LoginID eq 'jdoe '", null, false),
                row("userName eq \" jdoe\"", "LoginID eq ' jdoe'", null, false),
                row("userName ne \"jdoe \"", null, null, false),
                row("externalId ne \"x\"", null, null, false),
                // Hostile values stay inside one literal.
                row("name.givenName eq \"O'Brien\"", "FirstName eq 'O''Brien'", null, true),
                row("userName eq \"' or 1 eq 1\"", "LoginID eq ''' or 1 eq 1'", null, true),
                row("userName eq \"a&b#c+d%e)f('\"", "LoginID eq 'a&b#c+d%e)f('''", null, true),
                // A value that reads like a function stays inside its literal.
                row("userName eq \"contains(x) or tolower(y)\"", "LoginID eq 'contains(x) or tolower(y)'", null, true),
                row("displayName eq \"Zoë 日本 \\\"q\\\"\"", "DisplayName eq 'Zoë 日本 \"q\"'", null, true),
                row("userName eq \"" + LONG + "\"", "LoginID eq '" + LONG + "'", null, true),
                row("userName eq \"$NULL\"", null, null, false),
                row("userName eq \"$null\"", null, null, false),
                row("userName eq \"x\" and title eq \"$NULL\"", "LoginID eq 'x'", null, false),
                // Change feed: bare ISO literal in UTC.
                row("meta.lastModified gt \"2026-01-01T00:00:00Z\"", "LastModDateTime gt 2026-01-01T00:00:00Z", null,
                        true),
                row("meta.lastModified ge \"2026-01-01T05:30:00+05:30\"", "LastModDateTime ge 2026-01-01T00:00:00Z",
                        null,
                        true),
                row("meta.created lt \"2026-01-01T00:00:00Z\"", "CreatedDateTime lt 2026-01-01T00:00:00Z", null, true),
                row("active eq true", "Status eq 'Active'", null, true),
                row("active eq false", "Status ne 'Active'", null, true),
                row("active ne true", "Status ne 'Active'", null, true),
                row("title pr", "Title ne '$NULL'", null, true),
                row("active pr", null, null, false),
                row("meta.created pr", null, null, false),
                // Value paths.
                row("emails[type eq \"work\" and value eq \"a@x.org\"]", "PrimaryEmail eq 'a@x.org'", null, true),
                row("emails[type eq \"work\"].value eq \"a@x.org\"", "PrimaryEmail eq 'a@x.org'", null, true),
                row("emails.value eq \"a@x.org\"", "PrimaryEmail eq 'a@x.org'", null, true),
                row("emails eq \"a@x.org\"", "PrimaryEmail eq 'a@x.org'", null, true),
                row("Emails[Type eq \"Work\" and Value eq \"a@x.org\"]", "PrimaryEmail eq 'a@x.org'", null, true),
                row("phoneNumbers.value eq \"1\"", "Phone1 eq '1' or Phone2 eq '1'", null, true),
                row("phoneNumbers[type eq \"mobile\" and value eq \"1\"]", "Phone2 eq '1'", null, true),
                row("emails[type eq \"other\" and value eq \"x\"]", null, null, false),
                row("emails[type eq \"work\"]", null, null, false),
                // Never a function: co/ew not pushed, sw via $search for one plain word.
                row("userName co \"jd\"", null, null, false),
                row("userName ew \"x\"", null, null, false),
                row("userName sw \"jdo\"", null, "jdo", false),
                row("userName sw \"j.doe\"", null, null, false),
                row("userName eq \"x\" and displayName sw \"Jo\"", "LoginID eq 'x'", "Jo", false),
                row("userName eq \"x\" or displayName sw \"Jo\"", null, null, false),
                row("title gt \"a\"", null, null, false),
                // Combinations.
                row("userName eq \"a\" or userName eq \"b\"", "LoginID eq 'a' or LoginID eq 'b'", null, true),
                // Never a parenthesis (docs/ivanti-api.md §9): the normal form, shared comparisons after each term.
                row("(userName eq \"a\" or userName eq \"b\") and active eq true",
                        "LoginID eq 'a' and Status eq 'Active' or LoginID eq 'b' and Status eq 'Active'", null, true),
                row("userName eq \"a\" and (title eq \"x\" or title co \"y\")", "LoginID eq 'a'", null, false),
                row("userName eq \"a\" or (title eq \"x\" and active eq true)",
                        "Title eq 'x' and Status eq 'Active' or LoginID eq 'a'", null, true),
                row("(userName eq \"a\" and title eq \"x\") or (userName eq \"b\" and title eq \"y\")",
                        "LoginID eq 'a' and Title eq 'x' or LoginID eq 'b'", null, false),
                row("not (userName eq \"a\")", null, null, false),
                row("userName eq \"a\" and not (title eq \"b\")", "LoginID eq 'a'", null, false),
                // Extensions; URNs case-insensitive.
                row(ENT + ":department eq \"IT\"", "Department eq 'IT'", null, true),
                row(ENT.toLowerCase() + ":DEPARTMENT eq \"IT\"", "Department eq 'IT'", null, true),
                row(ENT + ":manager.value eq \"ABC\"", "ManagerLink_RecID eq 'ABC'", null, false),
                row(ENT + ":manager eq \"ABC\"", "ManagerLink_RecID eq 'ABC'", null, false),
                row("id eq \"A1\" and " + ENT + ":manager.value eq \"B2\"",
                        "RecId eq 'A1' and ManagerLink_RecID eq 'B2'",
                        null, false),
                row(IVT + ":vip eq true", "VIP eq true", null, true),
                row(IVT + ":costCode gt 5", "ivnt_CostCode gt 5", null, true),
                row(IVT + ":rate le 2.50", "ivnt_Rate le 2.5", null, true),
                row(IVT + ":hireDate le \"2020-01-01T00:00:00Z\"", "HiredDate le 2020-01-01T00:00:00Z", null, true)));
        rows.add(row(orOf(40), orExpected(40), null, true));
        rows.add(row(orOf(41), null, null, false));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void translates(String scim, String filter, String search, boolean exact) throws Exception {
        ODataQuery q = translator.translate(scim);
        assertEquals(Optional.ofNullable(filter), q.filter(), "filter");
        assertEquals(Optional.ofNullable(search), q.search(), "search");
        assertEquals(exact, q.exact(), "exact");
        q.filter().ifPresent(f -> {
            // Only the eight documented operators: outside string literals ('…', quotes doubled) no function call
            // can appear, whatever the values say.
            String code = f.replaceAll("'(?:[^']++|'')*+'", "''");
            assertFalse(code.matches("(?s).*\\b(contains|startswith|endswith|tolower|substringof)\\s*\\(.*"), f);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            foo eq "x"                                                                 | foo
            password eq "x"                                                            | password
            urn:ietf:params:scim:schemas:extension:ivanti:2.0:User:badge eq "x"        | cannot be used in a filter
            active eq "maybe"                                                          | true or false
            active gt true                                                             | only eq, ne and pr
            meta.lastModified gt "yesterday"                                           | dateTime
            meta.lastModified gt 5                                                     | dateTime
            userName eq 5                                                              | string
            urn:ietf:params:scim:schemas:extension:ivanti:2.0:User:vip eq "yes"        | true or false
            urn:ietf:params:scim:schemas:extension:ivanti:2.0:User:costCode eq "x"     | number
            not (foo eq "x")                                                           | foo
            emails[foo eq "x"]                                                         | emails.foo
            bogus[type eq "work" and value eq "x"]                                     | bogus
            userName eq "a" or nickName eq "b"                                         | nickName
            """)
    void rejects(String scim, String detail) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> translator.translate(scim));
        assertEquals(BadRequestException.INVALID_FILTER, e.getScimError().getScimType());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    static Stream<Arguments> searchSubset() {
        return Stream.of(
                row("userName sw \"jdo\"", null, "jdo", false),
                // DisplayName and Title are outside the tenant's index: $search would miss them, so nothing is pushed.
                row("displayName sw \"Jo\"", null, null, false),
                row("title sw \"Eng\"", null, null, false),
                row("userName eq \"x\" and title sw \"Eng\"", "LoginID eq 'x'", null, false));
    }

    /** A tenant whose {@code $search} indexes LoginID and FirstName only (the emulator's strict profile indexes few). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("searchSubset")
    void searchOnlyOnIndexedFields(String scim, String filter, String search, boolean exact) throws Exception {
        ODataQuery q = new ODataFilterTranslator(TestMappings.mapping(), List.of("loginid", "FirstName"))
                .translate(scim);
        assertEquals(Optional.ofNullable(filter), q.filter(), "filter");
        assertEquals(Optional.ofNullable(search), q.search(), "search");
        assertEquals(exact, q.exact(), "exact");
    }

    private static Arguments row(String scim, String filter, String search, boolean exact) {
        return Arguments.of(scim, filter, search, exact);
    }

    private static String orOf(int n) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            terms.add("userName eq \"u" + i + "\"");
        }
        return String.join(" or ", terms);
    }

    private static String orExpected(int n) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            terms.add("LoginID eq 'u" + i + "'");
        }
        return String.join(" or ", terms);
    }
}
