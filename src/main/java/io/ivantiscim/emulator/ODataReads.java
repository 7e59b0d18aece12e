package io.ivantiscim.emulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The OData reads of the emulated tenant ({@code docs/ivanti-api.md} rows 8–18, 23, 24): collection pages with
 * {@code $filter}/{@code $search}/{@code $orderby}/{@code $top}/{@code $skip}/{@code $select}, a record by key, a
 * navigation property and {@code $metadata}, each with the status codes and odd bodies a tenant answers.
 */
final class ODataReads {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final EmulatorState state;
    private final Authentication auth;

    ODataReads(EmulatorState state, Authentication auth) {
        this.state = state;
        this.auth = auth;
    }

    /**
     * Rows 8–16: a collection page, or an empty 200 body when nothing matched. {@code $expand} is never read: Ivanti
     * ignores it under API-key auth (row 17).
     */
    void list(RoutingContext ctx, BoType t, EmulatorSettings s) {
        auth.check(ctx, s);
        MultiMap q = ctx.queryParams();
        Paging p = paging(q, t, s);
        // Row 14: empty $orderby → 500; unknown field or bad direction → 204.
        List<BoStore.Order> order = new ArrayList<>();
        String ob = q.get("$orderby");
        if (ob != null) {
            if (ob.isBlank()) {
                throw IsmError.server("The parameter 'orderby' cannot be empty.");
            }
            for (String clause : ob.split(",")) {
                String[] w = SPACES.split(clause.trim());
                BoType.Field f = t.field(w[0]);
                boolean desc = w.length == 2 && w[1].equalsIgnoreCase("desc");
                boolean dirOk = w.length == 1 || (w.length == 2 && (desc || w[1].equalsIgnoreCase("asc")));
                if (f == null || !dirOk) {
                    Replies.status(ctx, 204);
                    return;
                }
                order.add(new BoStore.Order(f, desc));
            }
        }
        ODataFilter filter = null;
        String fs = q.get("$filter");
        if (fs != null) {
            try {
                filter = ODataFilter.parse(fs, t, s.filterParentheses, s.leftToRight(), s.offset());
            } catch (ODataFilter.InvalidFilterException e) {
                throw IsmError.invalidFilter();
            }
        }
        if (t == BoType.STATUS_LIST) {
            state.syncStatusList(s);
        }
        Predicate<Object[]> search = KeywordSearch.parse(q.get("$search"), t,
                t == BoType.EMPLOYEE ? s.searchFields : List.of());
        boolean count = s.countUnasked || "true".equalsIgnoreCase(q.get("$count"));
        BoStore.Page page = state.store(t).query(filter, search, order, p.skip(), p.top(), count);
        if (page.count() == 0) {
            Replies.send(ctx, 200, Replies.JSON, ""); // row 9: nothing matched → 200 with a completely empty body
            return;
        }
        String context = Replies.context(ctx, s, t.set + selectSuffix(p.select()));
        Replies.send(ctx, 200, Replies.JSON, Replies.json(g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", context);
            if (count) {
                g.writeNumberField("@odata.count", page.count());
            }
            g.writeArrayFieldStart("value");
            for (Object[] r : page.rows()) {
                g.writeStartObject();
                state.writeFields(g, t, r, p.select(), s);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /** Row 18: 200 + {@code $entity} context; unknown key → 400 "Invalid key" (never 404). */
    void get(RoutingContext ctx, BoType t, String key, EmulatorSettings s) {
        auth.check(ctx, s);
        if (key == null || key.isBlank()) {
            throw IsmError.badRequest("Key value cannot be empty");
        }
        List<BoType.Field> sel = select(ctx.queryParams(), t);
        Object[] row = state.store(t).get(key.trim());
        if (row == null) {
            throw IsmError.badRequest(s.invalidKeyMessage);
        }
        String context = Replies.context(ctx, s, t.set + "/$entity");
        Replies.send(ctx, 200, Replies.JSON, Replies.json(g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", context);
            if (sel == null) {
                state.writeFields(g, t, row, null, s);
            }
            // Row 15: $select on a single-record GET returns only the context.
            g.writeEndObject();
        }));
    }

    /** Row 23: a navigation property; no rows is the string {@code "No instances found."}. */
    void nav(RoutingContext ctx, BoType t, String key, String relName, EmulatorSettings s) {
        auth.check(ctx, s);
        EmulatorState.Rel rel = state.relationship(t, relName, s);
        if (rel == null) {
            throw IsmError.badRequest("The relationship '" + relName + "' is not defined for business object '"
                    + t.boName + "'.");
        }
        if (key == null || key.isBlank()) {
            throw IsmError.badRequest("Key value cannot be empty");
        }
        Object[] row = state.store(t).get(key.trim());
        if (row == null) {
            throw IsmError.recordNotFound(key, t);
        }
        Paging p = paging(ctx.queryParams(), rel.to(), s);
        BoStore target = state.store(rel.to());
        List<Object[]> rows = new ArrayList<>();
        for (String id : rel.related((String) row[0])) {
            Object[] r = target.get(id);
            if (r != null) {
                rows.add(r);
            }
        }
        rows.sort(Comparator.comparing((Object[] r) -> (String) r[0]));
        // Nothing documents $top/$skip on a navigation property (docs/ivanti-api.md §5): a tenant may ignore them.
        List<Object[]> page = s.relIgnorePaging
                ? rows
                : p.skip() >= rows.size()
                        ? List.of()
                        : rows.subList(p.skip(), Math.min(rows.size(), p.skip() + p.top()));
        if (page.isEmpty()) {
            // Row 23: a string, not an array.
            Replies.send(ctx, 200, Replies.JSON, "{\"value\":\"No instances found.\"}");
            return;
        }
        String context = Replies.context(ctx, s, "Collection(MetaData." + rel.to().entity + ")");
        Replies.send(ctx, 200, Replies.JSON, Replies.json(g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", context);
            g.writeArrayFieldStart("value");
            for (Object[] r : page) {
                g.writeStartObject();
                state.writeFields(g, rel.to(), r, p.select(), s);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /** Row 24: EDMX XML; JSON Accept → 500; unknown set → fabricated empty EntityType. */
    void metadata(RoutingContext ctx, String set, EmulatorSettings s) {
        auth.check(ctx, s);
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json")) {
            throw new IsmError(500, "ISM_5000", "Internal server error",
                    List.of("Unhandled system exception: The requested format is not supported."));
        }
        BoType t = BoType.bySet(set);
        String xml = t == null ? Metadata.unknown(set) : Metadata.document(t, state.relationships(t, s));
        Replies.send(ctx, 200, "application/xml; charset=utf-8", xml);
    }

    /** Rows 10 and 15: {@code $top}, {@code $skip}, {@code $select} (shared by list and nav). */
    private record Paging(int top, int skip, List<BoType.Field> select) {
    }

    private Paging paging(MultiMap q, BoType t, EmulatorSettings s) {
        int top = count(q, "$top", s.topDefault);
        // Only an asked-for $top is held to the maximum, not the configured default.
        if (q.contains("$top") && top > s.topMax) {
            // §9: live "Invalid Request Payload" vs SquaredUp "You cannot query more than 100 records".
            String records = "You cannot query more than " + s.topMax + " records";
            throw switch (s.topOverMaxMessages) {
                case "payload" -> IsmError.payload("Invalid Request Payload");
                case "records" -> IsmError.payload(records);
                default -> IsmError.payload("Invalid Request Payload", records);
            };
        }
        return new Paging(top, count(q, "$skip", 0), select(q, t));
    }

    /** {@code $top} or {@code $skip}: a non-negative integer, else Ivanti's "Invalid Request Payload". */
    private static int count(MultiMap q, String option, int absent) {
        String text = q.get(option);
        if (text == null) {
            return absent;
        }
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw IsmError.payload("Invalid Request Payload");
        }
        if (n < 0) {
            throw IsmError.payload("Invalid Request Payload");
        }
        return n;
    }

    private static List<BoType.Field> select(MultiMap q, BoType t) {
        String sel = q.get("$select");
        if (sel == null) {
            return null;
        }
        if (sel.isBlank()) {
            throw IsmError.server("The parameter 'select' cannot be empty."); // row 15
        }
        List<BoType.Field> out = new ArrayList<>();
        boolean[] taken = new boolean[t.size()];
        for (String p : sel.split(",")) {
            String name = p.trim();
            if (name.equals("*")) {
                return null;
            }
            BoType.Field f = t.field(name);
            if (f == null) {
                throw IsmError.badRequest("Could not find a property named '" + name + "' on type 'MetaData." + t.entity
                        + "'.");
            }
            if (!taken[f.index()]) {
                taken[f.index()] = true;
                out.add(f);
            }
        }
        return out;
    }

    private static String selectSuffix(List<BoType.Field> sel) {
        if (sel == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(2 + sel.size() * 16).append('(');
        for (BoType.Field f : sel) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(f.name());
        }
        return b.append(')').toString();
    }
}
