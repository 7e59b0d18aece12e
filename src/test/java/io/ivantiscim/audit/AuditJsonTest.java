package io.ivantiscim.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.ivantiscim.store.AuditEvent;

/** The audit event's JSON log line is the text the Jackson generator wrote before issue 14's change. */
class AuditJsonTest {

    @Test
    void anEventIsTheJsonItWasBefore() throws IOException {
        AuditEvent full = new AuditEvent(null, Instant.parse("2026-12-02T07:28:53.310212415Z"), AuditEvent.SCIM,
                "okta", "PATCH", "Users", "C2A384578E73E3530EDE52C0A9D94D29", "ada.\"lovelace\"@example.com",
                AuditEvent.FAILURE, 503, 2, 393L, "3995e133-e49f-44c2-9e50-ae33f4d4c6ae", "token-1",
                "manager \\ not found;\nretry");
        AuditEvent sparse = AuditEvent.token("Created", "entra", "tok", "admin");
        AuditEvent nulls = new AuditEvent(null, Instant.EPOCH, AuditEvent.SCIM, null, "GET", null, null, null,
                AuditEvent.SUCCESS, null, null, null, null, null, null);
        for (AuditEvent e : new AuditEvent[]{full, sparse, nulls}) {
            assertEquals(reference(e), AuditLog.toJson(e));
        }
    }

    /** AuditLog.toJson before issue 14's change. */
    private static String reference(AuditEvent e) throws IOException {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("audit", e.kind());
            g.writeStringField("time", e.occurredAt().toString());
            g.writeStringField("connection", e.connection());
            g.writeStringField("action", e.action());
            g.writeStringField("resourceType", e.resourceType());
            g.writeStringField("resourceId", e.resourceId());
            g.writeStringField("userName", e.userName());
            g.writeStringField("outcome", e.outcome());
            number(g, "status", e.status());
            number(g, "ivantiCalls", e.ivantiCalls());
            number(g, "latencyMs", e.latencyMs());
            g.writeStringField("correlationId", e.correlationId());
            g.writeStringField("actor", e.actor());
            g.writeStringField("detail", e.detail());
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void number(JsonGenerator g, String name, Number value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.longValue());
        }
    }
}
