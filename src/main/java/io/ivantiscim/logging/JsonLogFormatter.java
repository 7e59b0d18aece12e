package io.ivantiscim.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line (timestamp, level, logger, thread, message, the log context such as
 * {@code requestId}, and the stack trace when there is one), for log pipelines in production. The Quarkus JSON
 * logging extension does not resolve from the Maven repository this project builds against, so the bridge installs
 * this on the console handler itself (see {@link LoggingSetup}). Every audited request logs a line, so the line is
 * appended to a per-thread buffer by {@link JsonText} (the same text Jackson writes), and a millisecond's timestamp
 * is formatted once (issue 14).
 */
public final class JsonLogFormatter extends ExtFormatter {

    private static final String NEWLINE = System.lineSeparator();

    /** The last timestamp formatted; lines come in bursts within the same millisecond. */
    private record Stamp(long millis, String text) {
    }

    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    @Override
    public String format(ExtLogRecord record) {
        // Everything that may run other code (a parameter's toString, a stack trace) comes before the buffer is taken.
        String message = formatMessage(record);
        Map<String, String> mdc = record.getMdcCopy();
        String exception = null;
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            exception = trace.toString();
        }
        StringBuilder line = JsonText.buffer();
        JsonText.field(line, true, "timestamp", timestamp(record.getMillis()));
        JsonText.field(line, false, "level", record.getLevel().getName());
        JsonText.field(line, false, "logger", record.getLoggerName());
        JsonText.field(line, false, "thread", record.getThreadName());
        JsonText.field(line, false, "message", message);
        if (mdc != null) {
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                JsonText.field(line, false, e.getKey(), e.getValue());
            }
        }
        if (exception != null) {
            JsonText.field(line, false, "exception", exception);
        }
        return JsonText.done(line.append('}').append(NEWLINE));
    }

    private String timestamp(long millis) {
        Stamp last = stamp;
        if (last.millis() != millis) {
            last = new Stamp(millis, Instant.ofEpochMilli(millis).toString());
            stamp = last;
        }
        return last.text();
    }
}
