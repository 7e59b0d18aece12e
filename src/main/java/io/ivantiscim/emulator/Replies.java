package io.ivantiscim.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * How the emulator writes its answers: Ivanti's ISM message bodies ({@code docs/ivanti-api.md} row 22 and row 25),
 * the {@code @odata.context} URLs (rows 8, 15, 18), raw sends that never write twice, and the path decoding the router
 * needs. Shared by every handler so that one shape is written one way.
 */
final class Replies {

    static final String JSON = "application/json; charset=utf-8";

    /** Plain Jackson, not the CDI ObjectMapper (the app replaces that one with a SCIM-specific mapper). */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Replies() {
    }

    /**
     * Context key set on a call chosen for {@code faults.lost-answer-rate}: its successful answer is replaced by a
     * closed connection once the write is stored; the value becomes {@code "lost"} when that happened.
     */
    static final String LOSE_ANSWER = "emulator.lose-answer";

    /** Routing-context key of how long an answer is held after its work is done ({@code Faults.Decision}). */
    static final String ANSWER_DELAY_MS = "emulator.answer-delay-ms";

    /**
     * Writes the answer unless the connection is already answered or closed (a dropped or timed-out call). When the
     * call carries an answer delay, the work is already done and only the answer waits: a slow workflow-driven create
     * has written its record before the client hears back (docs/ivanti-api.md §8.12).
     */
    static void send(RoutingContext ctx, int status, String contentType, String body) {
        send(ctx, status, contentType, Buffer.buffer(body));
    }

    /** {@link #send(RoutingContext, int, String, String)} of a body already encoded (UTF-8, {@link #json}). */
    static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
        if (ctx.response().ended() || ctx.response().closed() || lost(ctx, status)) {
            return;
        }
        Long delay = ctx.remove(ANSWER_DELAY_MS);
        if (delay != null && delay > 0) {
            ctx.vertx().setTimer(delay, id -> send(ctx, status, contentType, body));
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }

    /** A bodiless answer (204). */
    static void status(RoutingContext ctx, int status) {
        if (lost(ctx, status)) {
            return;
        }
        ctx.response().setStatusCode(status).end();
    }

    /** Closes the connection instead of a 2xx answer when the call was chosen to lose it. */
    private static boolean lost(RoutingContext ctx, int status) {
        if (status >= 300 || ctx.get(LOSE_ANSWER) == null) {
            return false;
        }
        ctx.put(LOSE_ANSWER, "lost");
        ctx.request().connection().close();
        return true;
    }

    /** What a streamed JSON answer writes. */
    @FunctionalInterface
    interface JsonBody {

        void write(JsonGenerator g) throws IOException;
    }

    /**
     * A JSON answer written straight to UTF-8 bytes (the same bytes a tree of the same shape would print), so it is
     * neither built as text first nor encoded again on the way out.
     */
    static Buffer json(JsonBody body) {
        ByteArrayBuilder out = new ByteArrayBuilder(2048);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** Row 25: {@code {"code","description","message":[…],"help":""}} with the error's own status. */
    static void error(RoutingContext ctx, IsmError e) {
        send(ctx, e.status, JSON, errorBody(e));
    }

    static String errorBody(IsmError e) {
        ObjectNode n = MAPPER.createObjectNode().put("code", e.code).put("description", e.description);
        ArrayNode m = n.putArray("message");
        e.messages.forEach(m::add);
        n.put("help", "");
        return n.toString();
    }

    /** Row 22: the {@code ISM_2000} "Ok" body of link, unlink and logout. */
    static String ok(String message) {
        ObjectNode n = MAPPER.createObjectNode().put("code", "ISM_2000").put("description", "Ok");
        n.putArray("message").add(message);
        n.put("help", "");
        return n.toString();
    }

    /** Rows 8, 15, 18: {@code <base>/api/odata/$metadata#<suffix>}, on the host the client called. */
    static String context(RoutingContext ctx, EmulatorSettings s, String suffix) {
        String host = ctx.request().getHeader("Host");
        return ctx.request().scheme() + "://" + (host == null ? "localhost" : host) + IvantiEmulator.MOUNT
                + s.basePath + "/api/odata/$metadata#" + suffix;
    }

    /** The request body as text, or null. */
    static String body(RoutingContext ctx) {
        return ctx.body() == null ? null : ctx.body().asString();
    }

    static String htmlEncode(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Percent-decodes a path segment ({@code +} stays a plus in paths). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // keep the raw character
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
