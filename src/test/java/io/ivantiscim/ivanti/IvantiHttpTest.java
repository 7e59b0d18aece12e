package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.buffer.Buffer;

/** The OData transport's encoding: no value can add a parameter or a segment (docs/ivanti-api.md §8.4). */
class IvantiHttpTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "employees|employees",
            "A-z_0.9~|A-z_0.9~",
            "RecId eq 'ab'|RecId%20eq%20%27ab%27",
            "a&$top=1|a%26%24top%3D1",
            "x/../y?#|x%2F..%2Fy%3F%23",
            "Zoë 100%|Zo%C3%AB%20100%25",
            "a+b,c|a%2Bb%2Cc"})
    void everyByteButTheUnreservedIsPercentEncoded(String value, String encoded) {
        assertEquals(encoded, IvantiHttp.encode(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "LoginID eq 'a&b=c'",
            "Zoë eq 'x'",
            "'' or 1 eq 1"})
    void anEncodedQueryIsNoLongerThanTheLengthTheLimitChecks(String filter) {
        ODataRequest request = new ODataRequest(filter, null, List.of("RecId", "LoginID"), "RecId", 100, 0);
        StringBuilder q = new StringBuilder();
        IvantiHttp.param(q, "$filter", request.filter());
        IvantiHttp.param(q, "$search", request.search());
        IvantiHttp.param(q, "$select", request.selectParam());
        IvantiHttp.param(q, "$orderby", request.orderBy());
        IvantiHttp.param(q, "$top", request.top());
        IvantiHttp.param(q, "$skip", request.skip());
        assertEquals('?', q.charAt(0));
        assertEquals(5, q.toString().split("&").length, q::toString); // no $search: null adds nothing
        assertTrue(q.length() - 1 <= request.encodedQueryLength(), q::toString);
    }

    @Test
    void anAnswerIsReadWhereItLiesInItsBuffer() {
        // A body that does not start at its array's first byte (a slice, a buffer read from an offset).
        Buffer whole = Buffer.buffer("junk{\"value\":[{\"RecId\":\"A\"}]}  ");
        IvantiHttp.Answer answer = IvantiHttp.Answer.of(200, whole.slice(4, whole.length() - 2), null);
        assertEquals("{\"value\":[{\"RecId\":\"A\"}]}", answer.text());
        assertEquals("A", IvantiResponses.page(IvantiResponses.json("list", answer)).rows().get(0).path("RecId")
                .asText());
        assertEquals(null, IvantiResponses.json("list", IvantiHttp.Answer.of(200, whole.slice(29, 31), null)),
                "blank, as Ivanti's no-rows answer");
    }

    @Test
    void aSelectIsJoinedEncodedAndMeasuredOncePerList() {
        List<String> fields = List.of("RecId", "LoginID", "Zoë");
        ODataRequest.Select select = ODataRequest.select(fields);
        assertSame(select, ODataRequest.select(fields));
        assertEquals("RecId,LoginID,Zoë", select.joined());
        assertEquals(IvantiHttp.encode("RecId,LoginID,Zoë"), select.encoded());
        assertEquals(select.encoded().length(), select.encodedLength());
    }
}
