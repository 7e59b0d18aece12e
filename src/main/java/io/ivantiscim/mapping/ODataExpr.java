package io.ivantiscim.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pushed-down OData {@code $filter} as a tree of comparisons combined with {@code and}/{@code or}, and its one
 * rendering. Tenants differ in what they accept: some refuse parentheses, and Ivanti's and/or precedence is not
 * OData's (docs/ivanti-api.md row 13, §2.2, §9). So {@link #shape} never writes a parenthesis and writes only the
 * shape that means the same under standard precedence ({@code and} binds tighter) and under strict left-to-right
 * evaluation: the disjunctive normal form, each term's own comparisons first and then the comparisons all terms share
 * (the visibility clause among them), with at most one term of several own comparisons, written first. Left to right,
 * an {@code and X} after a later {@code or} then only repeats a factor of the whole filter: {@code a and b and V or c
 * and V} is {@code (a∧b∧V)∨(c∧V)} in standard precedence and {@code ((a∧b∧V)∨c)∧V} left to right, the same set.
 */
public sealed interface ODataExpr {

    /** One comparison, e.g. {@code LoginID eq 'x'}, already quoted. */
    record Atom(String text) implements ODataExpr {
    }

    /** All parts hold. */
    record And(List<ODataExpr> parts) implements ODataExpr {
    }

    /** One part holds. */
    record Or(List<ODataExpr> parts) implements ODataExpr {
    }

    /**
     * A rendered {@code $filter}.
     *
     * @param filter the text, or null when nothing is filtered
     * @param exact false when a term had to be widened to keep the shape, so Ivanti returns a superset
     */
    record Shaped(String filter, boolean exact) {
    }

    static ODataExpr atom(String text) {
        return new Atom(text);
    }

    /** The conjunction of {@code parts}, flattened; a single part is itself. */
    static ODataExpr and(List<ODataExpr> parts) {
        return combine(parts, true);
    }

    /** The disjunction of {@code parts}, flattened; a single part is itself. */
    static ODataExpr or(List<ODataExpr> parts) {
        return combine(parts, false);
    }

    /** How many comparisons the tree holds (the URL-length bound counts these, docs/ivanti-api.md §8.15). */
    default int atoms() {
        if (this instanceof Atom) {
            return 1;
        }
        List<ODataExpr> parts = this instanceof And a ? a.parts() : ((Or) this).parts();
        return parts.stream().mapToInt(ODataExpr::atoms).sum();
    }

    /**
     * Renders {@code where} (null for every record) followed by {@code visibility} (null when nothing is hidden) in
     * the precedence-proof shape described on the type; empty when the normal form would need more than
     * {@code maxAtoms} comparisons, so the caller pushes down less.
     */
    static Optional<Shaped> shape(ODataExpr where, String visibility, int maxAtoms) {
        List<List<String>> terms = where == null ? List.of(List.of()) : terms(where, maxAtoms);
        if (terms == null) {
            return Optional.empty();
        }
        List<Set<String>> withVisibility = new ArrayList<>();
        for (List<String> t : terms) {
            Set<String> atoms = new LinkedHashSet<>(t);
            if (visibility != null) {
                atoms.add(visibility);
            }
            withVisibility.add(atoms);
        }
        // The comparisons every term has are factors of the whole filter: repeating them after a later "or x" is
        // harmless left to right. What remains of each term must be one comparison, except in the first term.
        Set<String> common = new LinkedHashSet<>(withVisibility.get(0));
        withVisibility.forEach(common::retainAll);
        List<List<String>> rests = new ArrayList<>();
        boolean exact = true;
        boolean multiPlaced = false;
        for (Set<String> t : withVisibility) {
            List<String> rest = new ArrayList<>(t);
            rest.removeAll(common);
            if (rest.isEmpty()) {
                // This term is the common part alone, which every other term implies.
                rests = List.of(List.of());
                exact = true;
                break;
            }
            if (rest.size() > 1 && !multiPlaced) {
                rests.add(0, rest);
                multiPlaced = true;
            } else if (rest.size() > 1) {
                // A second term of several comparisons has no parenthesis-free form that both precedences read
                // alike; its first comparison selects a superset, which the bridge re-checks.
                rests.add(List.of(rest.get(0)));
                exact = false;
            } else {
                rests.add(rest);
            }
        }
        Set<String> rendered = new LinkedHashSet<>();
        for (List<String> rest : rests) {
            List<String> atoms = new ArrayList<>(rest);
            atoms.addAll(common);
            if (!atoms.isEmpty()) {
                rendered.add(String.join(" and ", atoms));
            }
        }
        return Optional.of(new Shaped(rendered.isEmpty() ? null : String.join(" or ", rendered), exact));
    }

    /** The disjunctive normal form as lists of comparisons; null when it would exceed {@code maxAtoms}. */
    private static List<List<String>> terms(ODataExpr e, int maxAtoms) {
        if (e instanceof Atom a) {
            return List.of(List.of(a.text()));
        }
        if (e instanceof Or o) {
            List<List<String>> out = new ArrayList<>();
            for (ODataExpr p : o.parts()) {
                List<List<String>> t = terms(p, maxAtoms);
                if (t == null) {
                    return null;
                }
                out.addAll(t);
            }
            return size(out) > maxAtoms ? null : out;
        }
        List<List<String>> out = List.of(List.of());
        for (ODataExpr p : ((And) e).parts()) {
            List<List<String>> t = terms(p, maxAtoms);
            if (t == null) {
                return null;
            }
            List<List<String>> product = new ArrayList<>();
            for (List<String> left : out) {
                for (List<String> right : t) {
                    Set<String> merged = new LinkedHashSet<>(left);
                    merged.addAll(right);
                    product.add(List.copyOf(merged));
                }
            }
            if (size(product) > maxAtoms) {
                return null;
            }
            out = product;
        }
        return out;
    }

    private static int size(List<List<String>> terms) {
        return terms.stream().mapToInt(List::size).sum();
    }

    private static ODataExpr combine(List<ODataExpr> parts, boolean and) {
        List<ODataExpr> flat = new ArrayList<>();
        for (ODataExpr p : parts) {
            if (and && p instanceof And a) {
                flat.addAll(a.parts());
            } else if (!and && p instanceof Or o) {
                flat.addAll(o.parts());
            } else {
                flat.add(p);
            }
        }
        if (flat.size() == 1) {
            return flat.get(0);
        }
        return and ? new And(List.copyOf(flat)) : new Or(List.copyOf(flat));
    }
}
