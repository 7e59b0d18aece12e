package io.ivantiscim.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulated tenant's data: one {@link BoStore} per business object, the employee↔team and employee↔role links,
 * and the write rules (validation, server-filled fields, picklists, uniqueness) of docs/ivanti-api.md §3 and §4.
 */
final class EmulatorState {

    private static final Pattern REC_ID = Pattern.compile("[0-9A-Fa-f]{32}");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** Keyed by identity: the BoType constants are singletons; filled once in the constructor. */
    final Map<BoType, BoStore> stores = new IdentityHashMap<>();
    final Links teamLinks = new Links();
    final Links roleLinks = new Links();
    /** The links of the extra team-typed relationships ({@code bridge.emulator.relationships.extra-team-links}). */
    private final Map<String, Links> extraTeamLinks = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectMapper json;

    EmulatorState(ObjectMapper json) {
        this.json = json;
        for (BoType t : BoType.ALL) {
            stores.put(t, new BoStore(t));
        }
    }

    BoStore store(BoType t) {
        return stores.get(t);
    }

    void clear() {
        stores.values().forEach(BoStore::clear);
        teamLinks.clear();
        roleLinks.clear();
        extraTeamLinks.values().forEach(Links::clear);
    }

    /** The Status validation list as records, rewritten when {@code bridge.emulator.status-values} changed. */
    synchronized void syncStatusList(EmulatorSettings s) {
        BoStore list = store(BoType.STATUS_LIST);
        List<String> held = new ArrayList<>();
        for (Object[] row : list.query(null, r -> true, List.of(), 0, Integer.MAX_VALUE, false).rows()) {
            held.add((String) get(BoType.STATUS_LIST, row, "Status"));
        }
        if (held.size() == s.statusValues.size() && held.containsAll(s.statusValues)) {
            return;
        }
        list.clear();
        for (String v : s.statusValues) {
            Object[] row = new Object[BoType.STATUS_LIST.size()];
            row[0] = recId("status:" + v);
            set(BoType.STATUS_LIST, row, "Status", v);
            list.put(row);
        }
    }

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /**
     * One MD5 instance per thread: {@code MessageDigest.getInstance} looks the algorithm up among the security
     * providers on every call, which was the larger part of a Status write's cost (bench/README.md, "Profiles").
     */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** Deterministic 32 upper-hex RecId derived from a seed string (demo data, picklist entries). */
    static String recId(String seed) {
        return HEX.formatHex(MD5.get().digest(seed.getBytes(StandardCharsets.UTF_8)));
    }

    /** A new record's RecId: 32 upper-case hex digits like a tenant's, from 128 random bits. */
    static String newRecId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---------------------------------------------------------------- relationships

    /** A navigation property resolved from one side. */
    record Rel(String name, Links links, boolean fromA, BoType from, BoType to) {

        Set<String> related(String id) {
            return fromA ? links.ofA(id) : links.ofB(id);
        }

        void link(String id, String other) {
            if (fromA) {
                links.link(id, other);
            } else {
                links.link(other, id);
            }
        }

        void unlink(String id, String other) {
            if (fromA) {
                links.unlink(id, other);
            } else {
                links.unlink(other, id);
            }
        }
    }

    /** All navigation properties of {@code t} under the current relationship names (§9 switch). */
    List<Rel> relationships(BoType t, EmulatorSettings s) {
        List<Rel> out = new ArrayList<>();
        if (t == BoType.EMPLOYEE) {
            out.add(new Rel(s.relEmployeeTeam, teamLinks, true, t, BoType.TEAM));
            out.add(new Rel(s.relEmployeeRole, roleLinks, true, t, BoType.ROLE));
            for (int i = 1; i <= s.relExtraTeamLinks; i++) {
                String name = "EmployeeOwnedTeam" + (i == 1 ? "" : String.valueOf(i));
                out.add(new Rel(name, extraTeamLinks.computeIfAbsent(name, k -> new Links()), true, t, BoType.TEAM));
            }
        } else if (t == BoType.TEAM) {
            out.add(new Rel(s.relTeamEmployee, teamLinks, false, t, BoType.EMPLOYEE));
        } else if (t == BoType.ROLE) {
            out.add(new Rel(s.relRoleEmployee, roleLinks, false, t, BoType.EMPLOYEE));
        }
        return out;
    }

    Rel relationship(BoType t, String name, EmulatorSettings s) {
        for (Rel r : relationships(t, s)) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- JSON output

    /** Row 27: ISO-8601 in UTC {@code Z} or the tenant offset; unset as {@code 0001-01-01T00:00:00Z} or null. */
    static String formatDate(Instant i, ZoneOffset offset) {
        long seconds = i.getEpochSecond();
        if (offset.getTotalSeconds() != 0 || i.getNano() != 0 || seconds < YEAR_0 || seconds >= YEAR_10000) {
            OffsetDateTime t = i.atOffset(offset);
            return ISO.format(t);
        }
        // What every stored date is (whole seconds, docs/ivanti-api.md §3) in a UTC tenant: the characters
        // ISO_OFFSET_DATE_TIME prints for it, without its formatter's per-field machinery (a tenth of the emulator's
        // CPU per record written, bench/README.md "Profiles").
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] c = new char[20];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = 'Z';
        return new String(c);
    }

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: ISO prints the years between with four digits, no sign. */
    private static final long YEAR_0 = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long YEAR_10000 = LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    private static void digits(char[] c, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            c[k] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Writes a record's fields ({@code select}, or all when null) into the JSON object {@code g} has open, streamed
     * rather than built as a tree per row; unset strings are {@code null}, unset dates per row 27.
     */
    void writeFields(JsonGenerator g, BoType t, Object[] row, List<BoType.Field> select, EmulatorSettings s)
            throws IOException {
        ZoneOffset off = s.offset();
        for (BoType.Field f : select == null ? t.fields : select) {
            Object v = row[f.index()];
            switch (f.kind()) {
                case STRING -> {
                    if (v == null) {
                        g.writeNullField(f.name());
                    } else {
                        g.writeStringField(f.name(), (String) v);
                    }
                }
                case BOOLEAN -> g.writeBooleanField(f.name(), v != null && (Boolean) v);
                case INT -> g.writeNumberField(f.name(), v == null ? 0 : ((Number) v).intValue());
                case DATETIME -> {
                    if (v != null) {
                        g.writeStringField(f.name(), formatDate((Instant) v, off));
                    } else if (s.unsetDatesAsNull) {
                        g.writeNullField(f.name());
                    } else {
                        g.writeStringField(f.name(), "0001-01-01T00:00:00Z");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- writes

    /** Parses a write body: empty → "Message body cannot be empty.", junk → "Invalid Business Object." (row 19). */
    ObjectNode parseBody(String body, boolean create) {
        if (body == null || body.isBlank()) {
            throw IsmError.payload(create ? "Message body cannot be empty." : "Message body cannot be empty");
        }
        JsonNode n;
        try {
            n = json.readTree(body);
        } catch (Exception e) {
            throw IsmError.payload("Invalid Business Object.");
        }
        if (n == null || !n.isObject()) {
            throw IsmError.payload("Invalid Business Object.");
        }
        return (ObjectNode) n;
    }

    /** Row 19: create; server fills RecId, dates, CreatedBy/LastModBy, DisplayName. */
    Object[] create(BoType t, ObjectNode body, String actor, Instant now, EmulatorSettings s) {
        Object[] row = new Object[t.size()];
        List<BoType.Field> written = apply(t, row, body, s);
        String id = row[0] instanceof String v && !v.isEmpty() ? v.toUpperCase(Locale.ROOT) : null;
        if (id != null) {
            if (!REC_ID.matcher(id).matches() || store(t).get(id) != null) {
                throw IsmError.payload("Invalid RecId '" + row[0] + "'.");
            }
        } else {
            id = newRecId();
        }
        row[0] = id;
        set(t, row, "CreatedDateTime", now);
        set(t, row, "LastModDateTime", now);
        if (!(get(t, row, "CreatedBy") instanceof String cb) || cb.isEmpty()) {
            // CreatedBy is overridable on create (docs/ivanti-api.md §3); LastModBy is always stamped.
            set(t, row, "CreatedBy", actor);
        }
        set(t, row, "LastModBy", actor);
        derive(t, row, written, s);
        validate(t, row, null, s);
        store(t).put(row);
        return row;
    }

    /** Row 20: PUT and PATCH both merge the partial body (docs/ivanti-api.md §4.1). */
    Object[] update(BoType t, String id, ObjectNode body, String actor, Instant now, EmulatorSettings s) {
        Object[] old = store(t).get(id);
        if (old == null) {
            throw IsmError.recordNotFound(id, t);
        }
        Object[] row = old.clone();
        Iterator<String> names = body.fieldNames();
        List<String> recIdKeys = new ArrayList<>();
        while (names.hasNext()) {
            String k = names.next();
            if (k.equalsIgnoreCase("RecId")) {
                recIdKeys.add(k);
            }
        }
        body.remove(recIdKeys);
        List<BoType.Field> written = apply(t, row, body, s);
        // Writes must not move the record's identity or creation stamp.
        row[0] = old[0];
        set(t, row, "CreatedDateTime", get(t, old, "CreatedDateTime"));
        set(t, row, "CreatedBy", get(t, old, "CreatedBy"));
        Instant lm = now;
        if (get(t, old, "LastModDateTime") instanceof Instant prev && !lm.isAfter(prev)) {
            lm = prev.plusSeconds(1);
        }
        set(t, row, "LastModDateTime", lm);
        set(t, row, "LastModBy", actor);
        derive(t, row, written, s);
        validate(t, row, (String) old[0], s);
        store(t).put(row);
        return row;
    }

    /** Copies body fields into {@code row}, case-insensitively by name; unknown fields and bad values are 400. */
    private List<BoType.Field> apply(BoType t, Object[] row, ObjectNode body, EmulatorSettings s) {
        List<String> errors = new ArrayList<>();
        List<BoType.Field> written = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            BoType.Field f = t.field(e.getKey());
            if (f == null) {
                // docs/ivanti-api.md §4.1: unknown field → 400 ISM_4000 "Key Value Pair Does Not Exist" (GUESS).
                errors.add(
                        "Key Value Pair Does Not Exist: field '" + e.getKey() + "' is not defined in business object '"
                                + t.boName + "'.");
                continue;
            }
            String dn = f.name();
            if (dn.equals("CreatedDateTime") || dn.equals("LastModDateTime") || dn.equals("LastModBy")) {
                continue; // server-stamped
            }
            try {
                row[f.index()] = convert(f, e.getValue());
                written.add(f);
            } catch (IllegalArgumentException ex) {
                errors.add("Invalid value for field '" + f.name() + "'.");
            }
        }
        if (!errors.isEmpty()) {
            throw IsmError.payload(errors);
        }
        return written;
    }

    private static Object convert(BoType.Field f, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            throw new IllegalArgumentException();
        }
        switch (f.kind()) {
            case STRING :
                return v.asText();
            case BOOLEAN :
                if (v.isBoolean()) {
                    return v.booleanValue();
                }
                String b = v.asText().trim();
                if (b.equalsIgnoreCase("true") || b.equals("1")) {
                    return Boolean.TRUE;
                }
                if (b.equalsIgnoreCase("false") || b.equals("0") || b.isEmpty()) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException();
            case INT :
                if (v.isIntegralNumber()) {
                    return v.intValue();
                }
                try {
                    return Integer.valueOf(v.asText().trim());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(ex);
                }
            case DATETIME :
                String d = v.asText().trim();
                if (d.isEmpty()) {
                    return null;
                }
                Instant i = ODataFilter.parseDate(d, ZoneOffset.UTC);
                if (i == null) {
                    throw new IllegalArgumentException();
                }
                return i.equals(ODataFilter.UNSET_DATE) ? null : i.truncatedTo(ChronoUnit.SECONDS);
            default :
                throw new IllegalStateException();
        }
    }

    /** What Ivanti's field rules and save workflows derive on save (docs/ivanti-api.md §3, §8.11–12). */
    private void derive(BoType t, Object[] row, List<BoType.Field> written, EmulatorSettings s) {
        if (t != BoType.EMPLOYEE) {
            return;
        }
        Set<String> w = new HashSet<>();
        for (BoType.Field f : written) {
            w.add(f.name());
        }
        if (w.contains("InternalAuthPasswd") && get(t, row, "InternalAuthPasswd") instanceof String p && !p.isEmpty()
                && !p.startsWith("{SSHA256}")) {
            // "plain text on write, hashed on save" (docs/ivanti-api.md §3); the hash format is the emulator's own.
            set(t, row, "InternalAuthPasswd", hashPassword(p, (String) row[0]));
        }
        if (w.contains("Status")) {
            String v = (String) get(t, row, "Status");
            String canon = null;
            if (v != null) {
                for (String sv : s.statusValues) {
                    if (sv.equalsIgnoreCase(v.trim())) {
                        canon = sv;
                    }
                }
            }
            picklist(t, row, "Status", v, canon, canon == null ? null : recId("status:" + canon), s);
        }
        if (w.contains("Team")) {
            resolveFromStore(t, row, "Team", BoType.TEAM, "Team", s);
        }
        if (w.contains("Department")) {
            resolveFromStore(t, row, "Department", BoType.DEPARTMENT, "Name", s);
        }
        if (w.contains("EmployeeLocation")) {
            resolveFromStore(t, row, "EmployeeLocation", BoType.LOCATION, "Name", s);
        }
        link(t, row, w, "ManagerLink", "Employee");
        link(t, row, w, "OrgUnitLink", "OrganizationalUnit");
        link(t, row, w, "LocationLink", "Location");
        if (w.contains("ManagerLink") || w.contains("ManagerLink_RecID")) {
            // The save workflow copies the manager's e-mail and display name (GUESS, like Ivanti's field rules).
            Object[] m = store(BoType.EMPLOYEE).get((String) get(t, row, "ManagerLink_RecID"));
            set(t, row, "ManagerEmail", m == null ? null : get(t, m, "PrimaryEmail"));
            set(t, row, "Supervisor", m == null ? null : get(t, m, "DisplayName"));
        }
        if (w.contains("OrgUnitLink") || w.contains("OrgUnitLink_RecID")) {
            Object[] o = store(BoType.ORG_UNIT).get((String) get(t, row, "OrgUnitLink_RecID"));
            if (o != null) {
                set(t, row, "OrganizationalUnit", get(BoType.ORG_UNIT, o, "Name"));
            }
        }
        if (w.contains("LoginID") && !(get(t, row, "NetworkUserName") instanceof String nu && !nu.isEmpty())) {
            set(t, row, "NetworkUserName", get(t, row, "LoginID"));
        }
        // DisplayName is assembled "First M Last" (docs/ivanti-api.md §3, §8.9); treated as read-only.
        String first = str(get(t, row, "FirstName"));
        String middle = str(get(t, row, "MiddleName"));
        String last = str(get(t, row, "LastName"));
        StringBuilder dn = new StringBuilder(first);
        if (!middle.isEmpty()) {
            dn.append(dn.length() > 0 ? " " : "").append(middle.charAt(0));
        }
        if (!last.isEmpty()) {
            dn.append(dn.length() > 0 ? " " : "").append(last);
        }
        set(t, row, "DisplayName", dn.toString());
    }

    private static String str(Object o) {
        return o == null ? "" : ((String) o).trim();
    }

    /** Keeps a link triple consistent whichever of {@code X} / {@code X_RecID} was written. */
    private static void link(BoType t, Object[] row, Set<String> w, String field, String category) {
        String recField = field + "_RecID";
        String v;
        if (w.contains(recField)) {
            v = (String) get(t, row, recField);
        } else if (w.contains(field)) {
            v = (String) get(t, row, field);
        } else {
            return;
        }
        if (v == null || v.isBlank()) {
            set(t, row, field, null);
            set(t, row, recField, null);
            set(t, row, field + "_Category", null);
        } else {
            String id = v.trim().toUpperCase(Locale.ROOT);
            set(t, row, field, id);
            set(t, row, recField, id);
            set(t, row, field + "_Category", category);
        }
    }

    private void resolveFromStore(BoType t, Object[] row, String field, BoType target, String nameField,
            EmulatorSettings s) {
        String v = (String) get(t, row, field);
        String canon = null;
        String id = null;
        if (v != null && !v.isBlank()) {
            BoStore st = store(target);
            BoType.Field nf = target.required(nameField);
            if (target.uniqueField != null && target.uniqueField.equals(nameField)) {
                for (String rid : st.idsByUnique(v.trim())) {
                    Object[] r = st.get(rid);
                    if (r != null) {
                        canon = (String) r[nf.index()];
                        id = rid;
                        break;
                    }
                }
            }
        }
        picklist(t, row, field, v, canon, id, s);
    }

    /** Ivanti §8.11: an unresolved picklist value is accepted and stored as nothing (switch: keep / reject). */
    private static void picklist(BoType t, Object[] row, String field, String value, String canon, String validId,
            EmulatorSettings s) {
        if (value == null || value.isBlank()) {
            set(t, row, field, null);
            set(t, row, field + "_Valid", null);
        } else if (canon != null) {
            set(t, row, field, canon);
            set(t, row, field + "_Valid", validId);
        } else {
            switch (s.unresolvedPicklist) {
                case "reject" -> throw IsmError.payload("'" + value + "' is not a valid value for field '" + field
                        + "'.");
                case "keep" -> set(t, row, field + "_Valid", null);
                default -> {
                    set(t, row, field, null);
                    set(t, row, field + "_Valid", null);
                }
            }
        }
    }

    /** Required fields and uniqueness, checked on the merged record as Ivanti validates on save. */
    private void validate(BoType t, Object[] row, String selfId, EmulatorSettings s) {
        List<String> errors = new ArrayList<>();
        List<String> required = t == BoType.EMPLOYEE
                ? s.requiredFields
                : t.uniqueField == null ? List.of() : List.of(t.uniqueField);
        for (String r : required) {
            BoType.Field f = t.field(r);
            if (f == null) {
                continue;
            }
            Object v = row[f.index()];
            if (v == null || (v instanceof String str && str.isBlank())) {
                // Row 19 / docs/ivanti-api.md §3: one message per missing field, 2018 doc wording.
                errors.add("Required field " + t.boName + "." + f.name() + " value must be provided.");
            }
        }
        if (!errors.isEmpty()) {
            throw IsmError.payload(errors);
        }
        if (t.uniqueField != null && (t != BoType.EMPLOYEE || s.uniqueLoginId)) {
            String v = (String) get(t, row, t.uniqueField);
            if (v != null && !v.isEmpty()) {
                for (String other : store(t).idsByUnique(v)) {
                    if (!other.equals(selfId)) {
                        // §9 duplicate LoginID: 400 ISM_4000 naming the field (GUESS, never 409).
                        throw IsmError.payload("The value '" + v + "' of field '" + t.uniqueField + "' must be unique");
                    }
                }
            }
        }
    }

    static Object get(BoType t, Object[] row, String field) {
        return row[t.required(field).index()];
    }

    static void set(BoType t, Object[] row, String field, Object value) {
        row[t.required(field).index()] = value;
    }

    static String hashPassword(String plain, String salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt.getBytes(StandardCharsets.UTF_8));
            byte[] d = md.digest(plain.getBytes(StandardCharsets.UTF_8));
            return "{SSHA256}" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
