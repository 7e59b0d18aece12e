package io.ivantiscim.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Ivanti's keyword {@code $search} ({@code docs/ivanti-api.md} row 16, §8.18): a case-insensitive word-prefix match
 * over the string fields; spaces are AND, a literal {@code or} separates alternatives, {@code AND} is ignored, and
 * anything quoted matches nothing. It over-matches on purpose ("John" finds Scott Johnson), as a tenant does. A
 * tenant indexes only the fields its administrator marked for full-text search: {@code search-fields} names them
 * (the strict profile indexes no e-mail address), and a word found only in another field matches nothing.
 */
final class KeywordSearch {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private KeywordSearch() {
    }

    /**
     * The row predicate of a {@code $search} value, or null when there is none; {@code indexed} names the fields
     * searched (case-insensitive), every string field when empty.
     */
    static Predicate<Object[]> parse(String q, BoType t, List<String> indexed) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.indexOf('"') >= 0) {
            return r -> false;
        }
        List<List<String>> groups = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String w : SPACES.split(q.trim())) {
            if (w.equalsIgnoreCase("or")) {
                if (!cur.isEmpty()) {
                    groups.add(cur);
                }
                cur = new ArrayList<>();
            } else if (!w.equalsIgnoreCase("and")) {
                cur.add(w.toLowerCase(Locale.ROOT));
            }
        }
        if (!cur.isEmpty()) {
            groups.add(cur);
        }
        List<Integer> idx = new ArrayList<>();
        for (BoType.Field f : t.fields) {
            if (f.kind() == BoType.Kind.STRING && f.index() != 0 && !f.name().endsWith("_Valid")
                    && !f.name().endsWith("_RecID") && !f.name().equals("InternalAuthPasswd")
                    && (indexed.isEmpty() || indexed.stream().anyMatch(n -> n.trim().equalsIgnoreCase(f.name())))) {
                idx.add(f.index());
            }
        }
        return r -> {
            for (List<String> g : groups) {
                boolean all = true;
                for (String term : g) {
                    if (!anyWordStarts(r, idx, term)) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean anyWordStarts(Object[] r, List<Integer> idx, String term) {
        for (int i : idx) {
            if (r[i] instanceof String v && v.length() >= term.length()) {
                String l = v.toLowerCase(Locale.ROOT);
                int from = 0;
                while (true) {
                    int at = l.indexOf(term, from);
                    if (at < 0) {
                        break;
                    }
                    if (at == 0 || !Character.isLetterOrDigit(l.charAt(at - 1))) {
                        return true;
                    }
                    from = at + 1;
                }
            }
        }
        return false;
    }
}
