package io.ivantiscim.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Thread-safe in-memory rows of one business object. A row is an immutable {@code Object[]} indexed by
 * {@link BoType.Field#index()}; writes replace rows under the store's monitor, reads work on lock-free snapshots.
 * <p>
 * Two orders are maintained incrementally so that paging through 100 000 rows with {@code $top=100&$skip=n} never
 * sorts: Ivanti's default order, latest modified first ({@code docs/ivanti-api.md} §2.2 "default order"; ties by
 * RecId), and RecId order. A case-insensitive index on the unique field ({@code LoginID}) serves
 * {@code LoginID eq '…'}.
 */
final class BoStore {

    /** One {@code $orderby} clause. */
    record Order(BoType.Field field, boolean desc) {
    }

    /** A page of rows plus the number of rows that matched. */
    record Page(long count, List<Object[]> rows) {
    }

    final BoType type;
    private final int lastMod;
    private final BoType.Field uniqueField;
    private final ConcurrentSkipListMap<String, Object[]> byId = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListSet<Object[]> byDefault;
    private final Map<String, Set<String>> unique = new ConcurrentHashMap<>();
    private final Snapshot defaultOrder;
    private final Snapshot idOrder = new Snapshot(() -> byId.values());

    BoStore(BoType type) {
        this.type = type;
        this.lastMod = type.required("LastModDateTime").index();
        this.uniqueField = type.uniqueField == null ? null : type.required(type.uniqueField);
        Comparator<Object[]> c = Comparator.comparing((Object[] r) -> date(r[lastMod])).reversed();
        this.byDefault = new ConcurrentSkipListSet<>(c.thenComparing(r -> (String) r[0]));
        this.defaultOrder = new Snapshot(() -> byDefault);
    }

    private static Instant date(Object o) {
        return o == null ? ODataFilter.UNSET_DATE : (Instant) o;
    }

    int size() {
        return byId.size();
    }

    Object[] get(String recId) {
        return recId == null ? null : byId.get(recId.toUpperCase(Locale.ROOT));
    }

    /** RecIds of rows whose unique field equals {@code value} case-insensitively. */
    Set<String> idsByUnique(String value) {
        Set<String> s = unique.get(value.toLowerCase(Locale.ROOT));
        return s == null ? Set.of() : s;
    }

    synchronized void put(Object[] row) {
        String id = (String) row[0];
        Object[] old = byId.put(id, row);
        if (old != null) {
            byDefault.remove(old);
            unindex(old);
        }
        byDefault.add(row);
        index(row);
        invalidate();
    }

    synchronized Object[] remove(String recId) {
        Object[] old = byId.remove(recId.toUpperCase(Locale.ROOT));
        if (old != null) {
            byDefault.remove(old);
            unindex(old);
            invalidate();
        }
        return old;
    }

    synchronized void clear() {
        byId.clear();
        byDefault.clear();
        unique.clear();
        invalidate();
    }

    private void invalidate() {
        defaultOrder.drop();
        idOrder.drop();
    }

    private void index(Object[] row) {
        if (uniqueField != null && row[uniqueField.index()] instanceof String v && !v.isEmpty()) {
            unique.computeIfAbsent(v.toLowerCase(Locale.ROOT), k -> ConcurrentHashMap.newKeySet()).add((String) row[0]);
        }
    }

    private void unindex(Object[] row) {
        if (uniqueField != null && row[uniqueField.index()] instanceof String v && !v.isEmpty()) {
            String k = v.toLowerCase(Locale.ROOT);
            Set<String> s = unique.get(k);
            if (s != null) {
                s.remove(row[0]);
                if (s.isEmpty()) {
                    unique.remove(k);
                }
            }
        }
    }

    /**
     * A lock-free copy of one order, taken on the first read after a write; the copy is made under the store's
     * monitor, which every write holds, so it never sees half a write.
     */
    private final class Snapshot {

        private final Supplier<Collection<Object[]>> rows;
        private volatile Object[][] copy;

        Snapshot(Supplier<Collection<Object[]>> rows) {
            this.rows = rows;
        }

        Object[][] get() {
            Object[][] s = copy;
            if (s == null) {
                synchronized (BoStore.this) {
                    s = copy;
                    if (s == null) {
                        s = rows.get().toArray(new Object[0][]);
                        copy = s;
                    }
                }
            }
            return s;
        }

        void drop() {
            copy = null;
        }
    }

    /**
     * Runs a collection query. {@code orderBy} empty means Ivanti's default order; a lone RecId clause uses the RecId
     * snapshot; anything else sorts only the matching rows (a stable sort over the default order).
     */
    Page query(ODataFilter filter, Predicate<Object[]> search, List<Order> orderBy, int skip, int top) {
        boolean byRecId = orderBy.size() == 1 && orderBy.get(0).field().index() == 0;
        boolean recIdDesc = byRecId && orderBy.get(0).desc();
        Object[][] base = byRecId ? idOrder.get() : defaultOrder.get();
        boolean unfiltered = (filter == null || filter.ignored()) && search == null;
        if (unfiltered && (orderBy.isEmpty() || byRecId)) {
            int n = base.length;
            List<Object[]> rows = new ArrayList<>(Math.max(0, Math.min(top, n - skip)));
            for (int i = skip; i < n && rows.size() < top; i++) {
                rows.add(base[recIdDesc ? n - 1 - i : i]);
            }
            return new Page(n, rows);
        }
        List<Object[]> matches = candidates(filter);
        if (matches == null) {
            matches = new ArrayList<>();
            for (Object[] r : base) {
                if ((filter == null || filter.test(r)) && (search == null || search.test(r))) {
                    matches.add(r);
                }
            }
        } else {
            matches.removeIf(r -> !(search == null || search.test(r)));
            matches.sort(byRecId ? Comparator.comparing((Object[] r) -> (String) r[0]) : byDefault.comparator());
        }
        if (recIdDesc) {
            Collections.reverse(matches);
        } else if (!orderBy.isEmpty() && !byRecId) {
            matches.sort(comparator(orderBy));
        }
        int n = matches.size();
        List<Object[]> rows = skip >= n ? List.of() : matches.subList(skip, Math.min(n, skip + top));
        return new Page(n, rows);
    }

    /** Index lookups for {@code RecId eq} and {@code <unique> eq}; null when a full scan is needed. */
    private List<Object[]> candidates(ODataFilter filter) {
        if (filter == null || filter.ignored()) {
            return null;
        }
        String id = filter.equalityOn(type.fields.get(0));
        Collection<String> ids = null;
        if (id != null) {
            ids = List.of(id.toUpperCase(Locale.ROOT));
        } else if (uniqueField != null) {
            String v = filter.equalityOn(uniqueField);
            if (v != null) {
                ids = new LinkedHashSet<>(idsByUnique(v));
            }
        }
        if (ids == null) {
            return null;
        }
        List<Object[]> out = new ArrayList<>();
        for (String i : ids) {
            Object[] r = byId.get(i);
            if (r != null && filter.test(r)) {
                out.add(r);
            }
        }
        return out;
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

    /** All rows, RecId order (for the demo data snapshot and small sets). */
    List<Object[]> all() {
        return Arrays.asList(idOrder.get());
    }
}
