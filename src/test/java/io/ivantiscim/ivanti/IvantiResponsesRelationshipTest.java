package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The link and unlink answers (docs/ivanti-api.md row 22): a success is read without building a JSON tree (issue 15:
 * a 2,000-member push is 2,000 of them), and every answer is judged exactly as the tree reading judged it.
 */
class IvantiResponsesRelationshipTest {

    private static final String OK = "{\"code\":\"ISM_2000\",\"description\":\"Ok\","
            + "\"message\":[\"Successfully Created the link\"],\"help\":\"\"}";

    @ParameterizedTest
    @ValueSource(strings = {OK, "{\"code\":\"ism_2000\"}", " {\n \"help\" : \"\", \"code\" : \"ISM_2000\" }\n",
            "{\"message\":[{\"code\":\"ISM_4001\"}],\"code\":\"ISM_2000\"}", "{\"code\":null,\"message\":[]}",
            "{\"description\":\"Ok\"}", "{\"code\":\"ISM_4001\",\"code\":\"ISM_2000\"}", "{}", "", "  \n"})
    void aSuccessIsNoTree(String body) {
        assertNull(IvantiResponses.relationshipBody("link", answer(200, body)));
        assertEquals("ok", outcome(200, body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"code\":\"ISM_4001\",\"message\":[\"Employee cannot be found\"]}",
            "{\"code\":\"ISM_4000\",\"message\":[\"Relationship rejected\"]}", "{\"code\":2000}",
            "{\"code\":\"ISM_2000\",\"code\":\"ISM_4000\",\"message\":\"no\"}", "{\"code\":[\"ISM_2000\"]}",
            "{\"code\":\"ISM_2000\"", "not json"})
    void aFailureIsReadAsTheTreeReadsIt(String body) {
        String outcome = outcome(200, body);
        assertNotEquals("ok", outcome);
        assertEquals(treeOutcome(200, body), outcome);
    }

    /** Not an object: no {@code code} to read, so the tree reading let it pass; it still does. */
    @ParameterizedTest
    @ValueSource(strings = {"[{\"code\":\"ISM_4000\"}]", "\"ISM_4000\"", "42"})
    void notAnObjectAsBefore(String body) {
        assertEquals(treeOutcome(200, body), outcome(200, body));
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 400, 404, 429, 500, 503})
    void otherStatusesAsBefore(int status) {
        assertEquals(treeOutcome(status, OK), outcome(status, OK));
        assertEquals(treeOutcome(status, ""), outcome(status, ""));
    }

    private static IvantiHttp.Answer answer(int status, String body) {
        byte[] bytes = ("xx" + body + "yy").getBytes(StandardCharsets.UTF_8);
        // The body read in place, from an offset, as the transport hands it over.
        return new IvantiHttp.Answer(status, bytes, 2, bytes.length - 4, null);
    }

    private static String outcome(int status, String body) {
        try {
            IvantiResponses.relationshipAnswer("link", IvantiResponses.relationshipBody("link", answer(status, body)));
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** What the tree reading made of the answer. */
    private static String treeOutcome(int status, String body) {
        try {
            IvantiResponses.relationshipAnswer("link", IvantiResponses.json("link", answer(status, body)));
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
