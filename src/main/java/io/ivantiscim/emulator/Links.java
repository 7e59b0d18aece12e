package io.ivantiscim.emulator;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A many-to-many relationship stored once and readable from both sides ({@code docs/ivanti-api.md} §5: links are
 * visible from the employee and from the team). Side A is always the employee.
 */
final class Links {

    private final Map<String, Set<String>> fwd = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> rev = new ConcurrentHashMap<>();

    synchronized void link(String a, String b) {
        fwd.computeIfAbsent(a, k -> ConcurrentHashMap.newKeySet()).add(b);
        rev.computeIfAbsent(b, k -> ConcurrentHashMap.newKeySet()).add(a);
    }

    synchronized void unlink(String a, String b) {
        remove(fwd, a, b);
        remove(rev, b, a);
    }

    private static void remove(Map<String, Set<String>> m, String k, String v) {
        Set<String> s = m.get(k);
        if (s != null) {
            s.remove(v);
            if (s.isEmpty()) {
                m.remove(k);
            }
        }
    }

    Set<String> ofA(String a) {
        return fwd.getOrDefault(a, Set.of());
    }

    Set<String> ofB(String b) {
        return rev.getOrDefault(b, Set.of());
    }

    synchronized void removeA(String a) {
        Set<String> bs = fwd.remove(a);
        if (bs != null) {
            for (String b : bs) {
                remove(rev, b, a);
            }
        }
    }

    synchronized void removeB(String b) {
        Set<String> as = rev.remove(b);
        if (as != null) {
            for (String a : as) {
                remove(fwd, a, b);
            }
        }
    }

    synchronized void clear() {
        fwd.clear();
        rev.clear();
    }
}
