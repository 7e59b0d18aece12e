package io.ivantiscim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.unboundid.scim2.common.filters.Filter;

/**
 * {@code ODataFilterTranslator.plainEquality} builds what the SDK's parser builds for {@code attr eq "value"}, and
 * leaves every other text to the parser.
 */
class PlainEqualityFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"userName eq \"ada@example.com\"", "userName EQ \"Ada@Example.COM\"",
            "UserName Eq \"x\"", "externalId eq \"00u1a2b3c\"", "displayName eq \"Research & Development (EU)\"",
            "userName eq \"\"", "userName eq \"ünïcødé ☃ name\"", "userName eq \"a'b/c:d[e]f(g)h\"",
            "x-y_z9 eq \"1\"", "userName eq \"2024-01-31T12:34:56Z\"", "userName eq \" spaced \"",
            "userName eq \"and or not eq\""})
    void buildsWhatTheSdkParses(String text) throws Exception {
        Filter expected = Filter.fromString(text);
        Filter plain = ODataFilterTranslator.plainEquality(text);
        assertEquals(expected, plain, text);
        assertEquals(expected.toString(), plain.toString(), text);
        assertEquals(expected.getAttributePath(), plain.getAttributePath(), text);
        assertEquals(expected.getComparisonValue(), plain.getComparisonValue(), text);
        assertEquals(expected, ODataFilterTranslator.parseFilter(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName ne \"x\"", "userName sw \"x\"", "userName eq true", "userName eq 5",
            "userName eq null", "userName  eq \"x\"", "userName eq  \"x\"", " userName eq \"x\"", "userName eq \"x\" ",
            "userName eq \"a\\\"b\"", "userName eq \"a\\\\b\"", "userName eq \"a\\u0041\"", "userName eq \"a\tb\"",
            "name.givenName eq \"x\"", "emails[type eq \"work\"]",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"",
            "userName eq \"x\" and active eq true", "userName eq \"x\" or userName eq \"y\"", "9userName eq \"x\"",
            "_userName eq \"x\"", "user$Name eq \"x\"", "userName eq \"x", "userName eq x\"", "userName eq", "eq \"x\"",
            "userName eq \"a\" \"b\"", "(userName eq \"x\")", "not (userName eq \"x\")"})
    void leavesTheRestToTheSdk(String text) {
        assertNull(ODataFilterTranslator.plainEquality(text), text);
    }
}
