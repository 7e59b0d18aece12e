package io.ivantiscim.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Thread-safe in-memory rows of one business object. A row is an immutable {@code Object[]} indexed by
 * {@link BoType.Field#index()}; writes replace rows under the store's monitor, reads never copy the table.
 * <p>
 * Four kinds of index are kept up to date by every write, so that no query the bridge sends costs a pass over every
 * row: the rows by RecId in a hash map (what a read or write of one record looks up: no string comparisons on a
 * skip-list walk), the rows in RecId order (a {@code RecId gt '…'} keyset page with {@code $orderby=RecId} walks from the key and
 * stops after {@code $top} matches), the rows in Ivanti's default order, latest modified first
 * ({@code docs/ivanti-api.md} §2.2 "default order"; ties by RecId), and case-insensitive value indexes on string
 * fields ({@code LoginID eq '…'}, {@code IdentityId eq '…'}, {@code RecId eq … or RecId eq …}). The unique field's
 * index exists from the start; another field's is built the first time a filter compares it with {@code eq}.
 * <p>
 * A query that walks an order validates against the store's write sequence (a seqlock) and walks again under the
 * monitor when a write overlapped it: its answer is the table as it was at one moment, as when it read a copy.
 */
final class BoStore {

    /** One {@code $orderby} clause. */
    record Order(BoType.Field field, boolean desc) {
    }

    /**
     * A page of rows plus the number of rows that matched: exact when the query was asked to count, otherwise at
     * least the rows up to the end of the page (0 only when nothing matched).
     */
    record Page(long count, List<Object[]> rows) {
    }

    /** Candidate sets at most this big are read by key rather than by walking an order that stops early. */
    private static final int SMALL_CANDIDATES = 1024;

    final BoType type;
    private final int lastMod;
    private final BoType.Field uniqueField;
    /**
     * RecId order. Keys are stored upper-case (32 hex digits, {@link EmulatorState#create}); the case-insensitive
     * comparator is the filter's own string order (row 13), so a RecId range is a sub-map.
     */
    private final ConcurrentSkipListMap<String, Object[]> byId = new ConcurrentSkipListMap<>(
            String.CASE_INSENSITIVE_ORDER);
    /** The same rows by their upper-case RecId: the look-up of one record. */
    private final ConcurrentHashMap<String, Object[]> byKey = new ConcurrentHashMap<>();
    private final Comparator<Object[]> defaultOrder;
    private final ConcurrentSkipListSet<Object[]> byDefault;
    /** Value indexes by field index; null where a field has none. Replaced (copy on write) under the monitor. */
    private volatile FieldIndex[] indexes;
    /** Write sequence: odd while a write is in progress (readers of an order validate against it). */
    private volatile long version;
    /** The RecIds, in order, that the last counted RecId-ordered filter matched; valid while no write followed. */
    private volatile Matches matches;

    /**
     * The rows matching {@code rest} (a filter less its RecId bounds; null for every row) as of write {@code version},
     * as a sorted RecId array: a counted page of a RecId walk is then a binary search and {@code $top} lookups, not a
     * pass over every row per page (the default profile counts unasked, docs/ivanti-api.md §9).
     */
    private record Matches(long version, ODataFilter.Node rest, String[] ids) {
    }

    BoStore(BoType type) {
        this.type = type;
        this.lastMod = type.required("LastModDateTime").index();
        this.uniqueField = type.uniqueField == null ? null : type.required(type.uniqueField);
        int lm = lastMod;
        this.defaultOrder = (a, b) -> {
            int c = date(b[lm]).compareTo(date(a[lm]));
            return c != 0 ? c : ((String) a[0]).compareTo((String) b[0]);
        };
        this.byDefault = new ConcurrentSkipListSet<>(defaultOrder);
        FieldIndex[] ix = new FieldIndex[type.size()];
        if (uniqueField != null) {
            ix[uniqueField.index()] = new FieldIndex(uniqueField.index());
        }
        this.indexes = ix;
    }

    private static Instant date(Object o) {
        return o == null ? ODataFilter.UNSET_DATE : (Instant) o;
    }

    int size() {
        return byId.size();
    }

    Object[] get(String recId) {
        return recId == null ? null : byKey.get(recId.toUpperCase(Locale.ROOT));
    }

    /** RecIds of rows whose unique field equals {@code value} as the filter's {@code eq} compares (row 13). */
    Set<String> idsByUnique(String value) {
        return indexes[uniqueField.index()].ids(value);
    }

    synchronized void put(Object[] row) {
        version++;
        try {
            Object[] old = byId.put((String) row[0], row);
            byKey.put(((String) row[0]).toUpperCase(Locale.ROOT), row);
            if (old != null) {
                byDefault.remove(old);
            }
            byDefault.add(row);
            for (FieldIndex i : indexes) {
                if (i != null) {
                    i.replace(old, row);
                }
            }
        } finally {
            version++;
        }
    }

    synchronized Object[] remove(String recId) {
        version++;
        try {
            Object[] old = byId.remove(recId.toUpperCase(Locale.ROOT));
            if (old != null) {
                byKey.remove(((String) old[0]).toUpperCase(Locale.ROOT));
                byDefault.remove(old);
                for (FieldIndex i : indexes) {
                    if (i != null) {
                        i.replace(old, null);
                    }
                }
            }
            return old;
        } finally {
            version++;
        }
    }

    synchronized void clear() {
        version++;
        try {
            byId.clear();
            byKey.clear();
            byDefault.clear();
            for (FieldIndex i : indexes) {
                if (i != null) {
                    i.ids.clear();
                }
            }
        } finally {
            version++;
        }
    }

    /** The value index of {@code f}, built from the rows under the monitor (so no write is missed) when absent. */
    private FieldIndex index(BoType.Field f) {
        FieldIndex i = indexes[f.index()];
        if (i != null) {
            return i;
        }
        synchronized (this) {
            FieldIndex[] ix = indexes;
            if (ix[f.index()] == null) {
                FieldIndex built = new FieldIndex(f.index());
                for (Object[] r : byId.values()) {
                    built.replace(null, r);
                }
                ix = ix.clone();
                ix[f.index()] = built;
                indexes = ix;
            }
            return ix[f.index()];
        }
    }

    /**
     * Runs a walk of an order as if on a copy of the table: lock-free first, again under the monitor (which every
     * write holds) when a write overlapped it.
     */
    private <R> R consistent(Supplier<R> walk) {
        long v = version;
        if ((v & 1) == 0) {
            R r = walk.get();
            if (version == v) {
                return r;
            }
        }
        synchronized (this) {
            return walk.get();
        }
    }

    /**
     * Runs a collection query. {@code orderBy} empty means Ivanti's default order; anything else sorts the matching
     * rows stably over the default order. {@code count} asks for the exact number of matches ({@code $count=true});
     * without it the walk stops once the page is full.
     */
    Page query(ODataFilter filter, Predicate<Object[]> search, List<Order> orderBy, int skip, int top,
            boolean count) {
        ODataFilter f = filter == null || filter.ignored() ? null : filter;
        boolean byRecId = orderBy.size() == 1 && orderBy.get(0).field().index() == 0;
        boolean desc = byRecId && orderBy.get(0).desc();
        boolean sorted = orderBy.isEmpty() || byRecId;
        Predicate<Object[]> match = f == null
                ? search
                : search == null ? f::test : r -> f.test(r) && search.test(r);
        if (f != null) {
            Set<String> ids = candidates(f.root);
            if (ids != null && (ids.size() <= SMALL_CANDIDATES || count || !sorted
                    || (long) ids.size() * 8 <= byId.size())) {
                return byKeys(ids, match, orderBy, byRecId, desc, skip, top);
            }
        }
        long end = (long) skip + top;
        if (!sorted) {
            NavigableMap<String, Object[]> range = f == null ? null : recIdRange(f.root, false);
            return consistent(() -> {
                List<Object[]> all = new ArrayList<>();
                for (Object[] r : range == null ? byDefault : range.values()) {
                    if (match == null || match.test(r)) {
                        all.add(r);
                    }
                }
                all.sort(range == null ? comparator(orderBy) : comparator(orderBy).thenComparing(defaultOrder));
                return page(all, skip, top);
            });
        }
        if (byRecId && search == null && (count || skip >= 1000)) {
            Page p = fromMatches(f == null ? null : f.root, desc, skip, top);
            if (p != null) {
                return p;
            }
        }
        NavigableMap<String, Object[]> range = byRecId ? recIdRange(f == null ? null : f.root, desc) : null;
        Collection<Object[]> order = byRecId ? range.values() : byDefault;
        return consistent(() -> {
            List<Object[]> rows = new ArrayList<>(Math.min(top, 256));
            long matched = 0;
            long stop = Math.max(1, end);
            for (Object[] r : order) {
                if (match == null || match.test(r)) {
                    if (matched >= skip && matched < end) {
                        rows.add(r);
                    }
                    matched++;
                    if (matched >= stop && (!count || match == null)) {
                        break;
                    }
                }
            }
            // Without a filter every row matches: the count is the table's size, read inside the same walk.
            return new Page(match == null && count ? byId.size() : matched, rows);
        });
    }

    /**
     * A RecId-ordered page from the {@link Matches} of the filter less its RecId bounds, built when absent or stale;
     * null when a write came between, so the caller walks instead.
     */
    private Page fromMatches(ODataFilter.Node root, boolean desc, int skip, int top) {
        String[] lo = new String[1];
        boolean[] loIn = new boolean[1];
        String[] hi = new String[1];
        boolean[] hiIn = new boolean[1];
        bounds(root, lo, loIn, hi, hiIn);
        ODataFilter.Node rest = withoutBounds(root);
        Matches m = matches;
        if (m == null || m.version() != version || !Objects.equals(m.rest(), rest)) {
            m = collect(rest);
            matches = m;
        }
        String[] ids = m.ids();
        int from = lo[0] == null ? 0 : edge(ids, lo[0], !loIn[0]);
        int to = hi[0] == null ? ids.length : edge(ids, hi[0], hiIn[0]);
        int n = Math.max(0, to - from);
        List<Object[]> rows = new ArrayList<>((int) Math.min(top, Math.max(0, n - (long) skip)));
        for (long i = skip; i < n && rows.size() < top; i++) {
            Object[] r = byKey.get(ids[(int) (desc ? to - 1 - i : from + i)]);
            if (r == null) {
                return null;
            }
            rows.add(r);
        }
        return version == m.version() ? new Page(n, rows) : null;
    }

    /** The first index whose id is above {@code key} ({@code above}) or at or above it. */
    private static int edge(String[] ids, String key, boolean above) {
        int a = 0;
        int b = ids.length;
        while (a < b) {
            int mid = (a + b) >>> 1;
            int c = String.CASE_INSENSITIVE_ORDER.compare(ids[mid], key);
            if (c < 0 || (above && c == 0)) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a;
    }

    private Matches collect(ODataFilter.Node rest) {
        long v = version;
        if ((v & 1) == 0) {
            String[] ids = matching(rest);
            if (version == v) {
                return new Matches(v, rest, ids);
            }
        }
        synchronized (this) {
            return new Matches(version, rest, matching(rest));
        }
    }

    private String[] matching(ODataFilter.Node rest) {
        List<String> out = new ArrayList<>();
        for (Object[] r : byId.values()) {
            if (rest == null || rest.test(r)) {
                out.add((String) r[0]);
            }
        }
        return out.toArray(new String[0]);
    }

    /** {@code n} without its top-level {@code and} terms that bound RecId (null when nothing else is left). */
    private static ODataFilter.Node withoutBounds(ODataFilter.Node n) {
        if (n instanceof ODataFilter.And a) {
            ODataFilter.Node l = withoutBounds(a.left());
            ODataFilter.Node r = withoutBounds(a.right());
            return l == null ? r : r == null ? l : l == a.left() && r == a.right() ? a : new ODataFilter.And(l, r);
        }
        if (n instanceof ODataFilter.Cmp c && c.field().index() == 0 && c.literal() instanceof String
                && c.op() != ODataFilter.Op.EQ && c.op() != ODataFilter.Op.NE) {
            return null;
        }
        return n;
    }

    /** A filter answered from an id set: the rows it names, re-checked, in the asked order. */
    private Page byKeys(Set<String> ids, Predicate<Object[]> match, List<Order> orderBy, boolean byRecId,
            boolean desc, int skip, int top) {
        List<Object[]> rows = new ArrayList<>(Math.min(ids.size(), 64));
        for (String id : ids) {
            Object[] r = byKey.get(id);
            if (r != null && match.test(r)) {
                rows.add(r);
            }
        }
        if (rows.size() > 1) {
            Comparator<Object[]> recIdOrder = Comparator.comparing((Object[] r) -> (String) r[0]);
            if (byRecId) {
                rows.sort(desc ? recIdOrder.reversed() : recIdOrder);
            } else {
                rows.sort(orderBy.isEmpty() ? defaultOrder : comparator(orderBy).thenComparing(defaultOrder));
            }
        }
        return page(rows, skip, top);
    }

    private static Page page(List<Object[]> matches, int skip, int top) {
        int n = matches.size();
        return new Page(n, skip >= n ? List.of() : matches.subList(skip, (int) Math.min(n, (long) skip + top)));
    }

    /**
     * The RecIds a row must have to match {@code n} (a superset, re-checked against the whole filter), or null when
     * any row may match: {@code RecId eq} and string {@code eq} through the indexes, intersected under {@code and}
     * and joined under {@code or}.
     */
    private Set<String> candidates(ODataFilter.Node n) {
        if (n instanceof ODataFilter.Cmp c) {
            if (c.op() != ODataFilter.Op.EQ || !(c.literal() instanceof String v)) {
                return null;
            }
            if (v.isEmpty()) {
                return Set.of(); // row 13: eq '' matches nothing
            }
            if (c.field().index() == 0) {
                // The filter's eq is case-insensitive (row 13), as the RecId order's look-up was.
                Object[] r = get(v);
                return r == null || !((String) r[0]).equalsIgnoreCase(v) ? Set.of() : Set.of((String) r[0]);
            }
            return index(c.field()).ids(v);
        }
        if (n instanceof ODataFilter.And a) {
            Set<String> l = candidates(a.left());
            Set<String> r = candidates(a.right());
            return l == null ? r : r == null || l.size() <= r.size() ? l : r;
        }
        if (n instanceof ODataFilter.Or o) {
            Set<String> l = candidates(o.left());
            if (l == null) {
                return null;
            }
            Set<String> r = candidates(o.right());
            if (r == null) {
                return null;
            }
            Set<String> both = new HashSet<>(l);
            both.addAll(r);
            return both;
        }
        return null;
    }

    /**
     * The rows in RecId order ({@code desc}: reversed) narrowed to the tightest {@code RecId gt/ge/lt/le} bounds
     * among the top-level {@code and} terms of {@code root} (null: none); the filter still checks every row.
     */
    private NavigableMap<String, Object[]> recIdRange(ODataFilter.Node root, boolean desc) {
        String[] lo = new String[1];
        boolean[] loIn = new boolean[1];
        String[] hi = new String[1];
        boolean[] hiIn = new boolean[1];
        bounds(root, lo, loIn, hi, hiIn);
        Comparator<String> ci = String.CASE_INSENSITIVE_ORDER;
        NavigableMap<String, Object[]> m = byId;
        if (lo[0] != null && hi[0] != null) {
            int c = ci.compare(lo[0], hi[0]);
            m = c > 0 || (c == 0 && !(loIn[0] && hiIn[0]))
                    ? byId.subMap(lo[0], true, lo[0], false)
                    : byId.subMap(lo[0], loIn[0], hi[0], hiIn[0]);
        } else if (lo[0] != null) {
            m = byId.tailMap(lo[0], loIn[0]);
        } else if (hi[0] != null) {
            m = byId.headMap(hi[0], hiIn[0]);
        }
        return desc ? m.descendingMap() : m;
    }

    private static void bounds(ODataFilter.Node n, String[] lo, boolean[] loIn, String[] hi, boolean[] hiIn) {
        if (n instanceof ODataFilter.And a) {
            bounds(a.left(), lo, loIn, hi, hiIn);
            bounds(a.right(), lo, loIn, hi, hiIn);
        } else if (n instanceof ODataFilter.Cmp c && c.field().index() == 0 && c.literal() instanceof String v) {
            Comparator<String> ci = String.CASE_INSENSITIVE_ORDER;
            switch (c.op()) {
                case GT, GE -> {
                    boolean in = c.op() == ODataFilter.Op.GE;
                    int cmp = lo[0] == null ? 1 : ci.compare(v, lo[0]);
                    if (cmp > 0 || (cmp == 0 && !in)) {
                        lo[0] = v;
                        loIn[0] = in;
                    }
                }
                case LT, LE -> {
                    boolean in = c.op() == ODataFilter.Op.LE;
                    int cmp = hi[0] == null ? -1 : ci.compare(v, hi[0]);
                    if (cmp < 0 || (cmp == 0 && !in)) {
                        hi[0] = v;
                        hiIn[0] = in;
                    }
                }
                default -> {
                }
            }
        }
    }

    static Comparator<Object[]> comparator(List<Order> orderBy) {
        Comparator<Object[]> c = null;
        for (Order o : orderBy) {
            Comparator<Object[]> one = (a, b) -> compare(o.field(), a[o.field().index()], b[o.field().index()]);
            if (o.desc()) {
                one = one.reversed();
            }
            c = c == null ? one : c.thenComparing(one);
        }
        return c;
    }

    private static int compare(BoType.Field f, Object a, Object b) {
        return switch (f.kind()) {
            case STRING -> String.CASE_INSENSITIVE_ORDER.compare(a == null ? "" : (String) a,
                    b == null ? "" : (String) b);
            case DATETIME -> date(a).compareTo(date(b));
            case BOOLEAN -> Boolean.compare(a != null && (Boolean) a, b != null && (Boolean) b);
            case INT ->
                Long.compare(a == null ? 0 : ((Number) a).longValue(), b == null ? 0 : ((Number) b).longValue());
        };
    }

    /**
     * The key under which the filter's case-insensitive {@code eq} finds a value: each code point upper-cased, then
     * lower-cased, which is how {@link String#equalsIgnoreCase} compares two characters. Plain lower-case ASCII is
     * its own key.
     */
    static String fold(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                StringBuilder b = new StringBuilder(s.length());
                s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
                return b.toString();
            }
        }
        return s;
    }

    /** RecIds by the folded value of one string field; empty and null values are not indexed (row 13). */
    private static final class FieldIndex {

        final int field;
        final Map<String, Set<String>> ids = new ConcurrentHashMap<>();

        FieldIndex(int field) {
            this.field = field;
        }

        Set<String> ids(String value) {
            Set<String> s = ids.get(fold(value));
            return s == null ? Set.of() : s;
        }

        /** Moves a row from its old value to its new one; {@code old} or {@code row} null for a create or delete. */
        void replace(Object[] old, Object[] row) {
            Object before = old == null ? null : old[field];
            Object after = row == null ? null : row[field];
            if (old != null && row != null && Objects.equals(before, after)) {
                return;
            }
            if (before instanceof String v && !v.isEmpty()) {
                String k = fold(v);
                Set<String> s = ids.get(k);
                if (s != null) {
                    s.remove(old[0]);
                    if (s.isEmpty()) {
                        ids.remove(k);
                    }
                }
            }
            if (after instanceof String v && !v.isEmpty()) {
                ids.computeIfAbsent(fold(v), k -> ConcurrentHashMap.newKeySet()).add((String) row[0]);
            }
        }
    }
}
