package io.ivantiscim.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;

/** {@link FilterMatch} answers as the SDK's {@link FilterEvaluator} does, for each kind of value and filter. */
class FilterMatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"6F2A","userName":"Ada.Lovelace@Example.com",
             "externalId":"00u1x7","displayName":"Ada Lovelace","active":true,"title":"",
             "emails":[{"value":"ada@example.com","type":"work","primary":true},{"value":"ada@home.test","type":"home"}],
             "name":{"givenName":"Ada","familyName":"Lovelace"},"nickName":"1815-12-10T00:00:00Z",
             "meta":{"lastModified":"2026-12-01T10:00:00Z","created":"2026-11-30T09:00:00+01:00"},
             "phoneNumbers":[],"x-count":3,
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering"}}""";

    static Stream<Arguments> cases() {
        return Stream.of(
                "userName eq \"ada.lovelace@example.com\"", // an IdP's look-up in another case
                "userName eq \"ADA.LOVELACE@EXAMPLE.COM\"",
                "userName eq \"grace@example.com\"",
                "userName eq \" Ada.Lovelace@Example.com\"",
                "externalId eq \"00u1x7\"",
                "externalId eq \"00U1X7\"",
                "displayName eq \"Ada Lovelace\" and active eq true",
                "displayName eq \"Ada\" or userName eq \"ada.lovelace@example.com\"",
                "not (userName eq \"ada.lovelace@example.com\")",
                "emails[type eq \"work\"]",
                "emails[type eq \"WORK\" and value eq \"ADA@example.com\"]",
                "emails[type eq \"other\"]",
                "emails.value eq \"ada@home.test\"",
                "emails.type eq \"home\"",
                "name.givenName eq \"ada\"",
                "title eq \"\"",
                "nickName eq \"1815-12-10T00:00:00Z\"", // a dateTime value: the SDK's path, dates compared
                "nickName eq \"1815-12-10T01:00:00+01:00\"",
                "meta.lastModified eq \"2026-12-01T10:00:00Z\"",
                "meta.created eq \"2026-11-30T08:00:00Z\"",
                "meta.lastModified eq \"2026-12-01T10:00:00.000Z\"",
                "x-count eq \"3\"",
                "active eq \"true\"",
                "phoneNumbers eq null",
                "nickName eq null",
                "missing eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"engineering\"",
                "userName ne \"ada.lovelace@example.com\"",
                "userName sw \"ada\"",
                "meta.lastModified gt \"2026-01-01T00:00:00Z\"")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsTheSdk(String filter) throws Exception {
        JsonNode user = JSON.readTree(USER);
        Filter f = Filter.fromString(filter);
        assertEquals(FilterEvaluator.evaluate(f, user), FilterMatch.matches(f, user));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("value eq \"Ada@Example.com\"", "[\"ada@example.com\",\"other@example.com\"]"),
                Arguments.of("value eq \"nobody@example.com\"", "[\"ada@example.com\"]"),
                Arguments.of("value eq \"ada@example.com\"", "\"ADA@example.com\""),
                Arguments.of("type eq \"work\"", "{\"type\":\"Work\",\"value\":\"a@example.com\"}"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("values")
    void answersAsTheSdkOnValues(String filter, String value) throws Exception {
        JsonNode node = JSON.readTree(value);
        Filter f = Filter.fromString(filter);
        assertEquals(FilterEvaluator.evaluate(f, node), FilterMatch.matches(f, node));
    }
}
