package io.ivantiscim.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * The store's indexed queries against the plain definition they replace: every row tested in the default order,
 * stably sorted by {@code $orderby}, then paged. Filters, orders and pages are a table crossed with each other, on
 * the same rows before and after updates that move LoginIDs, statuses and modification dates, and deletes.
 */
class BoStoreTest {

    private static final BoType T = BoType.EMPLOYEE;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] STATUS = {"Active", "Inactive", "Terminated"};

    private final BoStore store = new BoStore(T);
    /** The rows as the reference sees them: RecId → row. */
    private final Map<String, Object[]> rows = new LinkedHashMap<>();
    private final List<String> ids = new ArrayList<>();

    private static Object[] row(String id, String login, String status, String identity, String first, long mod) {
        Object[] r = new Object[T.size()];
        EmulatorState.set(T, r, "RecId", id);
        EmulatorState.set(T, r, "LoginID", login);
        EmulatorState.set(T, r, "Status", status);
        EmulatorState.set(T, r, "IdentityId", identity);
        EmulatorState.set(T, r, "FirstName", first);
        EmulatorState.set(T, r, "LastModDateTime", BASE.plusSeconds(mod));
        return r;
    }

    private void put(Object[] r) {
        store.put(r);
        rows.put((String) r[0], r);
    }

    /** Removes by a lower-case key: RecIds are case-insensitive. */
    private void remove(String id) {
        store.remove(id.toLowerCase(Locale.ROOT));
        rows.remove(id);
    }

    private void seed(int n) {
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            String id = EmulatorState.recId("row:" + i);
            ids.add(id);
            String login = (i % 3 == 0 ? "User." : "user.") + i + "@Example.test";
            // Modification times repeat so that the default order's RecId tie-break matters.
            put(row(id, login, STATUS[i % STATUS.length], i % 10 == 0 ? null : "ext-" + (i % 40),
                    i % 4 == 0 ? "" : "First" + (i % 17), random.nextInt(50)));
        }
    }

    private void churn() {
        Random random = new Random(11);
        for (int k = 0; k < 60; k++) {
            String id = ids.get(random.nextInt(ids.size()));
            Object[] old = rows.get(id);
            if (old == null) {
                continue;
            }
            Object[] r = old.clone();
            EmulatorState.set(T, r, "LastModDateTime", BASE.plusSeconds(100 + random.nextInt(20)));
            switch (k % 4) {
                case 0 -> EmulatorState.set(T, r, "LoginID", "moved." + k + "@example.test");
                case 1 -> EmulatorState.set(T, r, "Status", "Terminated");
                case 2 -> EmulatorState.set(T, r, "IdentityId", "ext-" + k);
                default -> EmulatorState.set(T, r, "LoginID", null);
            }
            put(r);
        }
        for (int k = 0; k < 15; k++) {
            remove(ids.get(k * 7));
        }
    }

    private List<String> filters() {
        String a = ids.get(3);
        String b = ids.get(8);
        String mid = ids.stream().sorted().toList().get(ids.size() / 2);
        String low = ids.stream().sorted().toList().get(ids.size() / 5);
        return List.of(
                "LoginID eq 'USER.7@example.test'",
                "LoginID eq 'user.9@example.TEST' and Status ne 'Terminated'",
                "LoginID eq 'moved.4@example.test'",
                "LoginID eq 'nobody@example.test'",
                "LoginID eq '$NULL'",
                "LoginID eq ''",
                "RecId eq '" + a.toLowerCase(Locale.ROOT) + "'",
                "RecId eq '" + a + "' or RecId eq '" + b + "' and Status ne 'Terminated'",
                "RecId eq '" + a + "' and Status ne 'Terminated' or RecId eq '" + b + "' and Status ne 'Terminated'",
                "RecId gt '" + mid.toLowerCase(Locale.ROOT) + "' and Status ne 'Terminated'",
                "RecId lt '" + mid + "'",
                "RecId ge '" + low + "' and RecId le '" + mid + "'",
                "RecId gt '" + mid + "' and RecId lt '" + low + "'",
                "RecId gt '" + mid + "' and RecId ge '" + low + "' and RecId lt 'FFFF'",
                "RecId ne '' or RecId eq '' and RecId eq ''",
                "Status eq 'active'",
                "Status ne 'Terminated'",
                "IdentityId eq 'EXT-3' or IdentityId eq 'ext-5'",
                "IdentityId eq 'ext-3' and LoginID eq 'user.3@example.test'",
                "FirstName eq 'first3' or Status eq 'Inactive'",
                "FirstName eq ''",
                "FirstName gt 'First1' and FirstName lt 'First5'",
                "LastModDateTime gt 2026-01-01T00:00:30Z",
                "contains(LoginID,'x')");
    }

    private static final List<List<BoStore.Order>> ORDERS = List.of(List.of(),
            List.of(new BoStore.Order(T.required("RecId"), false)),
            List.of(new BoStore.Order(T.required("RecId"), true)),
            List.of(new BoStore.Order(T.required("FirstName"), false)),
            List.of(new BoStore.Order(T.required("Status"), true), new BoStore.Order(T.required("FirstName"), false)));

    private static final int[][] PAGES = {{0, 10}, {5, 3}, {0, 0}, {3, 0}, {1000, 10}, {0, Integer.MAX_VALUE}};

    /** The definition: every row, in the default order, tested, stably sorted, paged. */
    private BoStore.Page reference(ODataFilter f, List<BoStore.Order> order, int skip, int top) {
        int lm = T.required("LastModDateTime").index();
        List<Object[]> all = new ArrayList<>(rows.values());
        all.sort(Comparator.comparing((Object[] r) -> (Instant) r[lm]).reversed()
                .thenComparing(r -> (String) r[0]));
        List<Object[]> m = new ArrayList<>();
        for (Object[] r : all) {
            if (f == null || f.test(r)) {
                m.add(r);
            }
        }
        if (!order.isEmpty()) {
            m.sort(BoStore.comparator(order));
        }
        int n = m.size();
        return new BoStore.Page(n, skip >= n ? List.of() : m.subList(skip, (int) Math.min(n, (long) skip + top)));
    }

    private void check(boolean leftToRight) throws Exception {
        int checked = 0;
        for (String text : filters()) {
            ODataFilter f = ODataFilter.parse(text, T, true, leftToRight, ZoneOffset.UTC);
            for (List<BoStore.Order> order : ORDERS) {
                for (int[] page : PAGES) {
                    BoStore.Page want = reference(f, order, page[0], page[1]);
                    for (boolean count : new boolean[]{true, false}) {
                        BoStore.Page got = store.query(f, null, order, page[0], page[1], count);
                        String what = text + " order " + order + " skip " + page[0] + " top " + page[1] + " count "
                                + count;
                        assertEquals(recIds(want.rows()), recIds(got.rows()), what);
                        if (count) {
                            assertEquals(want.count(), got.count(), what);
                        } else {
                            assertEquals(want.count() == 0, got.count() == 0, what);
                            assertTrue(got.count() <= want.count(), what);
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 1000);
    }

    private static List<String> recIds(List<Object[]> rows) {
        return rows.stream().map(r -> (String) r[0]).toList();
    }

    @Test
    void answersAsAFullScanWould() throws Exception {
        seed(400);
        check(false);
        check(true);
    }

    @Test
    void indexesFollowUpdatesAndDeletes() throws Exception {
        seed(400);
        query("LoginID eq 'user.4@example.test'", 1);
        // Built here, before the writes below, so the writes must keep it current.
        query("IdentityId eq 'EXT-4'", 10);
        churn();
        check(false);
        check(true);
        // A LoginID that moved is found under its new value only; a deleted row under none.
        Object[] r = rows.get(ids.get(4)).clone();
        EmulatorState.set(T, r, "LoginID", "Moved.Four@example.test");
        put(r);
        query("LoginID eq 'user.4@example.test'", 0);
        query("LoginID eq 'moved.four@EXAMPLE.test'", 1);
        assertEquals(Set.of(ids.get(4)), store.idsByUnique("MOVED.FOUR@example.test"));
        assertEquals(Set.of(), store.idsByUnique("user.4@example.test"));
        remove(ids.get(1));
        query("RecId eq '" + ids.get(1) + "'", 0);
        assertEquals(Set.of(), store.idsByUnique("user.1@example.test"));
    }

    private void query(String filter, int expected) throws Exception {
        ODataFilter f = ODataFilter.parse(filter, T, true, false, ZoneOffset.UTC);
        assertEquals(expected, store.query(f, null, List.of(), 0, 100, true).rows().size(), filter);
    }

    @Test
    void foldedKeysMatchEqualsIgnoreCase() {
        for (String[] p : new String[][]{{"ΟΔΟΣ", "οδος"}, {"ΟΔΟΣ", "οδοσ"}, {"Straße", "STRAßE"}, {"µ", "Μ"},
                {"\uD801\uDC00", "\uD801\uDC28"}, {"İstanbul", "istanbul"}, {"plain", "PLAIN"}}) {
            assertEquals(p[0].equalsIgnoreCase(p[1]), BoStore.fold(p[0]).equals(BoStore.fold(p[1])),
                    p[0] + " / " + p[1]);
        }
    }

    /** Walks race writes that move rows in the default order: each answer still counts every row exactly once. */
    @Test
    void walksSeeOneMomentWhileRowsMove() throws Exception {
        seed(2000);
        ODataFilter f = ODataFilter.parse("Status ne 'Nonexistent'", T, true, false, ZoneOffset.UTC);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int seed = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    long t = 1000;
                    while (!done.get()) {
                        Object[] r = store.get(ids.get(random.nextInt(ids.size()))).clone();
                        EmulatorState.set(T, r, "LastModDateTime", BASE.plusSeconds(t++));
                        store.put(r);
                    }
                }));
            }
            for (int i = 0; i < 300; i++) {
                assertEquals(2000, store.query(f, null, List.of(), 0, 10, true).count(), "walk " + i);
                BoStore.Page last = store.query(null, null, List.of(), 1990, 100, true);
                assertEquals(2000, last.count(), "walk " + i);
                assertEquals(10, last.rows().size(), "walk " + i);
            }
            done.set(true);
            for (Future<?> w : writers) {
                w.get();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }
}
