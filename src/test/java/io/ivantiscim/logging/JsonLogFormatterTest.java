package io.ivantiscim.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The JSON log line is the same text the Jackson-built formatter wrote before issue 14's change (reference below,
 * as it was), for plain lines, lines with a log context, parameters, control characters and a stack trace.
 */
class JsonLogFormatterTest {

    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @Test
    void linesAreWhatTheJacksonFormatterWrote() throws IOException {
        ExtLogRecord plain = record(Level.INFO, "Store ready on jdbc:h2:file:./data/bridge", 1_764_657_600_000L);
        ExtLogRecord audit = record(Level.INFO, "{\"audit\":\"scim\",\"detail\":\"a \\\"quoted\\\" tab\\t\"}",
                1_764_657_600_123L);
        audit.putMdc("connection", "okta");
        audit.putMdc("requestId", "3995e133-e49f-44c2-9e50-ae33f4d4c6ae");
        ExtLogRecord parameters = record(Level.WARN, "Audit write of %d events failed: %s",
                ExtLogRecord.FormatStyle.PRINTF, 1_764_657_600_123L);
        parameters.setParameters(new Object[]{500, "line\nbreak \u0001"});
        ExtLogRecord failure = record(Level.ERROR, "boom", 1_764_657_601_999L);
        failure.setThrown(new IllegalStateException("the \"store\" is down"));
        for (ExtLogRecord r : new ExtLogRecord[]{plain, audit, parameters, failure, plain}) {
            assertEquals(reference(r), formatter.format(r));
        }
    }

    @Test
    void aTimestampOnTheSecondHasNoFraction() {
        String line = formatter.format(record(Level.INFO, "x", 1_764_657_600_000L));
        assertEquals("{\"timestamp\":\"2025-12-02T06:40:00Z\"", line.substring(0, line.indexOf(',')));
        line = formatter.format(record(Level.INFO, "x", 1_764_657_600_010L));
        assertEquals("{\"timestamp\":\"2025-12-02T06:40:00.010Z\"", line.substring(0, line.indexOf(',')));
    }

    private static ExtLogRecord record(Level level, String message, long millis) {
        return record(level, message, ExtLogRecord.FormatStyle.NO_FORMAT, millis);
    }

    private static ExtLogRecord record(Level level, String message, ExtLogRecord.FormatStyle style, long millis) {
        ExtLogRecord r = new ExtLogRecord(level, message, style, JsonLogFormatterTest.class.getName());
        r.setLoggerName("io.ivantiscim.audit");
        r.setInstant(Instant.ofEpochMilli(millis));
        r.setThreadName("executor-thread-1");
        r.setMdc(Map.of());
        return r;
    }

    /** The formatter before issue 14's change. */
    private String reference(ExtLogRecord record) throws IOException {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator line = new JsonFactory().createGenerator(out)) {
            line.writeStartObject();
            line.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
            line.writeStringField("level", record.getLevel().getName());
            line.writeStringField("logger", record.getLoggerName());
            line.writeStringField("thread", record.getThreadName());
            line.writeStringField("message", formatter.formatMessage(record));
            Map<String, String> mdc = record.getMdcCopy();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    line.writeStringField(e.getKey(), e.getValue());
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.writeStringField("exception", trace.toString());
            }
            line.writeEndObject();
        }
        return out.append(System.lineSeparator()).toString();
    }
}
