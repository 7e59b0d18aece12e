package io.ivantiscim.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * The OData writes of the emulated tenant ({@code docs/ivanti-api.md} rows 19–22): create, update, delete, link and
 * unlink. The write rules themselves (validation, server-filled fields, picklists, uniqueness) are in
 * {@link EmulatorState}; this class turns them into Ivanti's answers.
 */
final class ODataWrites {

    private final EmulatorState state;
    private final Authentication auth;

    ODataWrites(EmulatorState state, Authentication auth) {
        this.state = state;
        this.auth = auth;
    }

    /** Row 19: 201 and the stored record, server-filled fields included. */
    void create(RoutingContext ctx, BoType t, EmulatorSettings s) {
        String actor = auth.check(ctx, s);
        ObjectNode body = state.parseBody(Replies.body(ctx), true);
        Object[] row = state.create(t, body, actor, EmulatorState.now(), s);
        Replies.send(ctx, 201, Replies.JSON, entity(ctx, t, row, s));
    }

    /** Row 20: PUT and PATCH merge the same partial body; 200 and the stored record. */
    void update(RoutingContext ctx, BoType t, String key, EmulatorSettings s) {
        String actor = auth.check(ctx, s);
        if (key == null || key.isBlank()) {
            throw IsmError.payload("Invalid Business Object Key");
        }
        ObjectNode body = state.parseBody(Replies.body(ctx), false);
        Object[] row = state.update(t, key.trim(), body, actor, EmulatorState.now(), s);
        Replies.send(ctx, 200, Replies.JSON, entity(ctx, t, row, s));
    }

    /** Row 21: 204 (GUESS), also for an id that does not exist unless {@code deleteMissingSucceeds} is off. */
    void delete(RoutingContext ctx, BoType t, String key, EmulatorSettings s) {
        auth.check(ctx, s);
        if (key == null || key.isBlank()) {
            throw IsmError.payload("Invalid Business Object Key");
        }
        Object[] old = state.store(t).remove(key.trim());
        if (old == null && !s.deleteMissingSucceeds) {
            throw IsmError.recordNotFound(key, t);
        }
        if (old != null) {
            for (EmulatorState.Rel r : state.relationships(t, s)) {
                if (r.fromA()) {
                    r.links().removeA((String) old[0]);
                } else {
                    r.links().removeB((String) old[0]);
                }
            }
        }
        if (s.deleteStatus == 204) {
            Replies.status(ctx, 204);
        } else {
            Replies.send(ctx, s.deleteStatus, Replies.JSON, "");
        }
    }

    /** Row 22: link ({@code PATCH …/$Ref}) or unlink ({@code DELETE …/$Ref}) two records. */
    void link(RoutingContext ctx, BoType t, String key, String relName, String otherKey, boolean create,
            EmulatorSettings s) {
        auth.check(ctx, s);
        EmulatorState.Rel rel = state.relationship(t, relName, s);
        IsmError failure = null;
        Object[] row = key == null ? null : state.store(t).get(key.trim());
        if (rel == null) {
            failure = IsmError.badRequest("The relationship '" + relName + "' is not defined for business "
                    + "object '" + t.boName + "'.");
        } else if (row == null) {
            failure = IsmError.recordNotFound(key, t);
        } else if (otherKey == null || state.store(rel.to()).get(otherKey.trim()) == null) {
            failure = IsmError.payload("Record '" + otherKey + "' cannot be found in the related business object '"
                    + rel.to().tableRef + "'");
        }
        if (failure != null) {
            if (s.linkFailuresAs200) {
                // Row 22: live tenants sometimes report relationship failures as 200 with a non-2000 code.
                Replies.send(ctx, 200, Replies.JSON, Replies.errorBody(failure));
                return;
            }
            throw failure;
        }
        String other = (String) state.store(rel.to()).get(otherKey.trim())[0];
        if (create) {
            rel.link((String) row[0], other);
            Replies.send(ctx, 200, Replies.JSON, Replies.ok("Successfully Created the link"));
        } else {
            rel.unlink((String) row[0], other); // unlinking something never linked is accepted (row 22)
            if (s.unlinkStatus == 204) {
                Replies.status(ctx, 204);
            } else {
                Replies.send(ctx, s.unlinkStatus, Replies.JSON, Replies.ok("Successfully Deleted the link"));
            }
        }
    }

    private Buffer entity(RoutingContext ctx, BoType t, Object[] row, EmulatorSettings s) {
        String context = Replies.context(ctx, s, t.set + "/$entity");
        return Replies.json(g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", context);
            state.writeFields(g, t, row, null, s);
            g.writeEndObject();
        });
    }
}
