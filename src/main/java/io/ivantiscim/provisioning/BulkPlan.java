package io.ivantiscim.provisioning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.bulk.BulkOpType;
import com.unboundid.scim2.common.bulk.BulkOperation;
import com.unboundid.scim2.common.exceptions.BadRequestException;

/**
 * The order in which the operations of one bulk request can run (RFC 7644 §3.7.2). An operation that names another's
 * {@code bulkId} ({@code "bulkId:u1"} as a value anywhere in its {@code data}, e.g. a group member or a manager, or as
 * a segment of its {@code path}, {@code /Users/bulkId:u1}) runs after that one; everything else may run at once. The
 * plan is a list of levels: level 0 references nothing, level k only operations of lower levels. Everything a plan
 * can refuse is refused before any operation runs, so a bad graph writes nothing to Ivanti.
 */
final class BulkPlan {

    /** How a value names the resource another operation creates (RFC 7644 §3.7.2). */
    static final String PREFIX = "bulkId:";

    private final Map<String, Integer> definers;
    private final List<List<String>> references;
    private final List<List<Integer>> levels;

    private BulkPlan(Map<String, Integer> definers, List<List<String>> references, List<List<Integer>> levels) {
        this.definers = definers;
        this.references = references;
        this.levels = levels;
    }

    /**
     * The plan of {@code operations}, in request order.
     *
     * @throws BadRequestException {@code invalidValue} for a POST without a bulkId (REQUIRED, RFC 7644 §3.7), a
     *         bulkId defined twice, a reference to a bulkId no POST defines, or circular references
     */
    static BulkPlan of(List<BulkService.Operation> operations) throws BadRequestException {
        Map<String, Integer> definers = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            BulkOperation op = operations.get(i).envelope();
            if (op.getMethod() != BulkOpType.POST) {
                continue;
            }
            String bulkId = op.getBulkId();
            if (bulkId == null || bulkId.isBlank()) {
                throw BadRequestException.invalidValue(position(i) + " is a POST without a bulkId; RFC 7644 §3.7 "
                        + "requires one on every POST, so that the response and later operations can name it.");
            }
            Integer other = definers.putIfAbsent(bulkId, i);
            if (other != null) {
                throw BadRequestException.invalidValue("bulkId '" + bulkId + "' is defined by both " + position(other)
                        + " and " + position(i) + "; a bulkId must be unique in the request.");
            }
        }
        List<List<String>> references = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            Set<String> refs = new LinkedHashSet<>();
            BulkOperation op = operations.get(i).envelope();
            for (String segment : op.getPath().split("/")) {
                if (segment.startsWith(PREFIX)) {
                    refs.add(segment.substring(PREFIX.length()));
                }
            }
            collect(operations.get(i).data(), refs);
            for (String ref : refs) {
                if (!definers.containsKey(ref)) {
                    throw BadRequestException.invalidValue(position(i) + " refers to " + PREFIX + ref + ", but no "
                            + "POST in this request has bulkId '" + ref + "' (RFC 7644 §3.7.2).");
                }
            }
            List<String> sorted = new ArrayList<>(refs);
            // The SDK replaces "bulkId:<id>" wherever it occurs in a value, so "u1" must not be replaced inside a
            // longer "u10" before "u10" itself is: the longest ids go first.
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            references.add(List.copyOf(sorted));
        }
        return new BulkPlan(Map.copyOf(definers), List.copyOf(references), levels(operations.size(), definers,
                references));
    }

    /** The operations by level (request order within a level); every operation is in exactly one. */
    List<List<Integer>> levels() {
        return levels;
    }

    /** The bulkIds operation {@code index} refers to, longest first. */
    List<String> references(int index) {
        return references.get(index);
    }

    /** The index of the POST that defines {@code bulkId}. */
    int definer(String bulkId) {
        return definers.get(bulkId);
    }

    /** "Operations[i]", the JSON position of an operation, as error details name it. */
    static String position(int index) {
        return "Operations[" + index + "]";
    }

    private static void collect(JsonNode node, Set<String> refs) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && node.asText().startsWith(PREFIX)) {
            refs.add(node.asText().substring(PREFIX.length()));
        }
        node.forEach(child -> collect(child, refs));
    }

    /** Kahn's topological sort, level by level; what is left over is, or waits on, a cycle. */
    private static List<List<Integer>> levels(int n, Map<String, Integer> definers, List<List<String>> references)
            throws BadRequestException {
        int[] waiting = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (String ref : references.get(i)) {
                dependents.get(definers.get(ref)).add(i);
                waiting[i]++;
            }
        }
        List<List<Integer>> levels = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                current.add(i);
            }
        }
        int placed = 0;
        while (!current.isEmpty()) {
            levels.add(List.copyOf(current));
            placed += current.size();
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                for (int d : dependents.get(i)) {
                    if (--waiting[d] == 0) {
                        next.add(d);
                    }
                }
            }
            Collections.sort(next);
            current = next;
        }
        if (placed < n) {
            throw BadRequestException.invalidValue("Circular bulkId references: " + cycle(waiting, definers,
                    references) + ". RFC 7644 §3.7.1 lets a service provider stop at a cycle, and this bridge does: "
                    + "it cannot create resources that need each other's ids in one step. Create them first, then set "
                    + "the references with PATCH.");
        }
        return List.copyOf(levels);
    }

    /** One cycle among the operations still waiting, as "u1 → u2 → u1". */
    private static String cycle(int[] waiting, Map<String, Integer> definers, List<List<String>> references) {
        Map<Integer, String> names = new HashMap<>();
        definers.forEach((bulkId, index) -> names.put(index, bulkId));
        int start = 0;
        while (waiting[start] == 0) {
            start++;
        }
        // Every waiting operation refers to at least one waiting definer, so following such references must revisit.
        Map<Integer, Integer> seen = new LinkedHashMap<>();
        Deque<Integer> path = new ArrayDeque<>();
        int at = start;
        while (!seen.containsKey(at)) {
            seen.put(at, path.size());
            path.addLast(at);
            int from = at;
            at = references.get(from).stream().map(definers::get).filter(d -> waiting[d] > 0).findFirst()
                    .orElseThrow();
        }
        List<Integer> loop = new ArrayList<>(path).subList(seen.get(at), path.size());
        StringBuilder out = new StringBuilder();
        for (int index : loop) {
            out.append(names.getOrDefault(index, position(index))).append(" → ");
        }
        return out.append(names.getOrDefault(at, position(at))).toString();
    }
}
