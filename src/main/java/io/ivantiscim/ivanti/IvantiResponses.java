package io.ivantiscim.ivanti;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one place where what Ivanti answered becomes data or a typed {@link IvantiException}: transport failures,
 * status codes, Ivanti's error bodies ({@code docs/ivanti-api.md} §4.2, row 25), its ways of saying "no rows" (§8.1)
 * and a relationship failure reported as 200 (row 22). The OData transport answers raw {@link IvantiHttp.Answer}s and
 * the login/token REST clients raw {@link Response}s (their default exception mapper is off), so that every call, login
 * included, is read here and nowhere else.
 */
final class IvantiResponses {

    private static final Logger LOG = Logger.getLogger(IvantiResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IIS_TOO_LONG = Pattern.compile("\\b404\\.1[45]\\b");
    private static final byte[] NO_BYTES = new byte[0];

    private IvantiResponses() {
    }

    /** Sends one REST client request (login, token); a connection refused, reset or timed out is unavailable. */
    static Response send(String what, Function<String, Response> request, String header) {
        try {
            return request.apply(header);
        } catch (ProcessingException e) {
            throw unreachable(what, e);
        }
    }

    /**
     * A call that got no answer: connection refused, reset or timed out. The tenant is unreachable, or for a write,
     * the outcome unknown.
     */
    static IvantiException.Unavailable unreachable(String what, Throwable e) {
        String root = rootMessage(e);
        IvantiException.Reason reason = root.toLowerCase(Locale.ROOT).contains("timeout")
                ? IvantiException.Reason.TIMEOUT
                : IvantiException.Reason.UNREACHABLE;
        return new IvantiException.Unavailable("Ivanti did not answer " + what + ": " + root, List.of(), 0, reason);
    }

    /** A JSON answer: the body, null for "no rows" (204 or an empty 2xx body, §8.1), or the typed error. */
    static JsonNode json(String what, IvantiHttp.Answer answer) {
        int status = answer.status();
        if (status == 204 || (status < 300 && blank(answer))) {
            return null;
        }
        if (status < 300) {
            return parse(what, answer);
        }
        throw error(what, status, answer.text(), answer.retryAfter());
    }

    /** A REST client's JSON answer (login, token), read as {@link #json(String, IvantiHttp.Answer)} reads. */
    static JsonNode json(String what, Response response) {
        // Bytes, parsed as they came: no String of the body for the parser to read again (issue 14).
        byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : NO_BYTES;
        return json(what, new IvantiHttp.Answer(response.getStatus(), body,
                response.getHeaderString(HttpHeaders.RETRY_AFTER)));
    }

    private static boolean blank(IvantiHttp.Answer answer) {
        byte[] bytes = answer.bytes();
        for (int i = answer.offset(), end = answer.offset() + answer.length(); i < end; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    /** A text answer ({@code $metadata} XML, row 24), or the typed error. */
    static String text(String what, IvantiHttp.Answer answer) {
        String text = answer.text();
        if (answer.status() >= 300) {
            throw error(what, answer.status(), text, answer.retryAfter());
        }
        return text;
    }

    /**
     * A login or token request's answer. A failed login is a 400 ISM_4000 (row 2), not a 401; a token endpoint says
     * 400/401 {@code invalid_client}. The body is not kept: it may echo what was sent.
     */
    static JsonNode login(String what, Response response) {
        int status = response.getStatus();
        if (status == 400 || status == 401) {
            throw new IvantiException.Unauthorized("The " + what + " was refused (" + status + "); check "
                    + "bridge.ivanti.auth.*", List.of());
        }
        return json(what, response);
    }

    /** The typed exception for an Ivanti error answer (§4.2: almost everything is a 400 ISM_4000). */
    private static IvantiException error(String what, int status, String text, String retryAfter) {
        List<String> messages = messages(text);
        String summary = "Ivanti answered " + status + " to " + what + (messages.isEmpty() ? "" : ": " + messages);
        if (status == 401) {
            return new IvantiException.Unauthorized(summary, messages);
        }
        if (status == 400) {
            String all = String.join(" ", messages).toLowerCase(Locale.ROOT);
            if (all.contains("invalid key") || all.contains("cannot be found")) {
                return new IvantiException.NotFound(summary, messages);
            }
            if (all.contains("unique") || all.contains("duplicate") || all.contains("already exists")) {
                return new IvantiException.Conflict(summary, messages);
            }
            return new IvantiException.Rejected(summary, messages);
        }
        if (status == 414 || (status == 404 && IIS_TOO_LONG.matcher(text).find())) {
            // IIS request filtering answers 404.14 (URL over maxUrl) or 404.15 (query over maxQueryString) with an
            // HTML page, http.sys and other servers 414: what this request sent is too long, the tenant is fine.
            LOG.debugf("Ivanti answered %d (request too long) to %s", status, what);
            return new IvantiException.TooLong("The request is longer than the Ivanti tenant accepts (HTTP " + status
                    + (status == 404 ? ", IIS 404.14/404.15" : "") + "); shorten the filter");
        }
        LOG.debugf("%s", summary);
        IvantiException.Reason reason = switch (status) {
            case 404 -> IvantiException.Reason.PATH_NOT_FOUND;
            case 429 -> IvantiException.Reason.THROTTLED;
            default -> IvantiException.Reason.TENANT_ERROR;
        };
        return new IvantiException.Unavailable(summary, messages, retryAfter(retryAfter), reason);
    }

    /**
     * A link or unlink answer. Ivanti can report a failed link as a 200 whose code is not {@code ISM_2000} (row 22):
     * that is an error here.
     */
    static void relationshipAnswer(String what, JsonNode body) {
        if (body == null || !body.hasNonNull("code") || body.path("code").asText().equalsIgnoreCase("ISM_2000")) {
            return;
        }
        List<String> messages = new ArrayList<>();
        body.path("message").forEach(m -> messages.add(m.asText()));
        String summary = "Ivanti answered 200 with " + body.path("code").asText() + " to " + what + ": " + messages;
        if (String.join(" ", messages).toLowerCase(Locale.ROOT).contains("cannot be found")) {
            throw new IvantiException.NotFound(summary, messages);
        }
        throw new IvantiException.Rejected(summary, messages);
    }

    /** A collection answer as a page; {@code {"value":"No instances found."}} (row 23) is an empty page. */
    static ODataPage page(JsonNode body) {
        if (body == null) {
            return ODataPage.empty();
        }
        JsonNode value = body.path("value");
        if (!value.isArray()) {
            // {"value":"No instances found."} on an empty relationship (row 23) is the only non-array we accept.
            if (value.isTextual() && value.asText().toLowerCase(Locale.ROOT).startsWith("no instances")) {
                return ODataPage.empty();
            }
            throw new IvantiException.Unavailable("Ivanti answered a collection without a value array", List.of(), 0);
        }
        List<ObjectNode> rows = new ArrayList<>(value.size());
        value.forEach(row -> {
            if (row instanceof ObjectNode o) {
                rows.add(o);
            }
        });
        JsonNode count = body.get("@odata.count");
        return new ODataPage(rows, count != null && count.canConvertToLong() ? count.asLong() : -1);
    }

    /** A write answer: the record as Ivanti stored it (rows 19, 20). */
    static ObjectNode record(JsonNode body) {
        if (body instanceof ObjectNode o) {
            return o;
        }
        throw new IvantiException.Unavailable("Ivanti answered a write without the record", List.of(), 0);
    }

    /** A write's body as UTF-8 JSON bytes, written once (no String of it on the way). */
    static byte[] bytes(ObjectNode fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    private static JsonNode parse(String what, IvantiHttp.Answer answer) {
        try {
            return JSON.readTree(answer.bytes(), answer.offset(), answer.length());
        } catch (IOException e) {
            throw new IvantiException.Unavailable("Ivanti answered " + what + " with a body that is not JSON",
                    List.of(), 0);
        }
    }

    /** Ivanti's error shapes (§4.2): {code, message:[…]}, message as a string, {"Message"}, {"error":{message}}. */
    private static List<String> messages(String text) {
        List<String> messages = new ArrayList<>();
        try {
            JsonNode body = JSON.readTree(text);
            JsonNode message = body.has("message") ? body.get("message") : body.path("Message");
            if (message.isArray()) {
                message.forEach(m -> messages.add(m.asText()));
            } else if (message.isTextual()) {
                messages.add(message.asText());
            } else if (body.path("error").path("message").isTextual()) {
                messages.add(body.path("error").path("message").asText());
            } else if (body.path("error").path("message").path("value").isTextual()) {
                messages.add(body.path("error").path("message").path("value").asText());
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON (an HTML gateway page or an entity-encoded exception): keep nothing rather than leak it.
        }
        return messages;
    }

    private static long retryAfter(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
