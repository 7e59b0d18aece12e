package io.ivantiscim.logging;

/**
 * JSON written straight into a {@link StringBuilder}, for the lines logged on every request (the audit event, the
 * JSON log line): no generator, writer or buffer per line (issue 14). The output is what Jackson's default generator
 * writes for the same calls: {@code "} and {@code \} escaped, control characters as {@code \b \t \n \f \r} or
 * {@code \}{@code u00XX}, everything else (non-ASCII included) as it is.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Buffers larger than this (a long stack trace) are not kept for the next line. */
    private static final int KEEP_CHARS = 16 * 1024;
    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(512));

    private JsonText() {
    }

    /** This thread's buffer, emptied; hand it back with {@link #done}. Not re-entrant: one line at a time. */
    public static StringBuilder buffer() {
        StringBuilder out = BUFFER.get();
        out.setLength(0);
        return out;
    }

    /** The buffer's text; drops a buffer that grew past {@link #KEEP_CHARS}. */
    public static String done(StringBuilder out) {
        String text = out.toString();
        if (out.capacity() > KEEP_CHARS) {
            BUFFER.remove();
        }
        return text;
    }

    /** Appends {@code ,"name":value} ({@code name} first when {@code first}) with the value quoted, or null. */
    public static StringBuilder field(StringBuilder out, boolean first, String name, String value) {
        out.append(first ? '{' : ',');
        string(out, name);
        out.append(':');
        return string(out, value);
    }

    /** Appends {@code ,"name":number}, or {@code null} for a null number. */
    public static StringBuilder field(StringBuilder out, boolean first, String name, Number value) {
        out.append(first ? '{' : ',');
        string(out, name);
        out.append(':');
        return value == null ? out.append("null") : out.append(value.longValue());
    }

    /** Appends {@code value} as a JSON string, or {@code null}. */
    public static StringBuilder string(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        int n = value.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.append(value, from, n).append('"');
    }
}
