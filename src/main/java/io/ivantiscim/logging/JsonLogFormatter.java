package io.ivantiscim.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON object per log line (timestamp, level, logger, thread, message, the log context such as
 * {@code requestId}, and the stack trace when there is one), for log pipelines in production. The Quarkus JSON
 * logging extension does not resolve from the Maven repository this project builds against, so the bridge installs
 * this on the console handler itself (see {@link LoggingSetup}).
 */
public final class JsonLogFormatter extends ExtFormatter {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String format(ExtLogRecord record) {
        ObjectNode line = json.createObjectNode();
        line.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        line.put("thread", record.getThreadName());
        line.put("message", formatMessage(record));
        Map<String, String> mdc = record.getMdcCopy();
        if (mdc != null) {
            mdc.forEach(line::put);
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("exception", trace.toString());
        }
        return line.toString() + System.lineSeparator();
    }
}
