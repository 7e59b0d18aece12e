package io.ivantiscim.logging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One JSON object per log line (timestamp, level, logger, thread, message, the log context such as
 * {@code requestId}, and the stack trace when there is one), for log pipelines in production. The Quarkus JSON
 * logging extension does not resolve from the Maven repository this project builds against, so the bridge installs
 * this on the console handler itself (see {@link LoggingSetup}). Every audited request logs a line, so the line is
 * written straight to text rather than built as a tree first (issue 14).
 */
public final class JsonLogFormatter extends ExtFormatter {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(ExtLogRecord record) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator line = JSON.createGenerator(out)) {
            line.writeStartObject();
            line.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
            line.writeStringField("level", record.getLevel().getName());
            line.writeStringField("logger", record.getLoggerName());
            line.writeStringField("thread", record.getThreadName());
            line.writeStringField("message", formatMessage(record));
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(System.lineSeparator()).toString();
    }
}
