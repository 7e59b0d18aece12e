package io.ivantiscim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaped {@code $filter} has no parenthesis and selects the same records under standard and/or precedence and
 * under left-to-right evaluation (docs/ivanti-api.md row 13, §9): checked over every truth assignment of its
 * comparisons. A shape marked inexact must still select a superset.
 */
class ODataExprTest {

    private static final String V = "Status ne 'Terminated'";

    static Stream<Arguments> trees() {
        return Stream.of(
                Arguments.of(a("a"), V, "a eq 1 and " + V, true),
                Arguments.of(null, V, V, true),
                Arguments.of(or(a("a"), a("b")), V, "a eq 1 and " + V + " or b eq 1 and " + V, true),
                Arguments.of(and(or(a("a"), a("b")), a("c")), V,
                        "a eq 1 and c eq 1 and " + V + " or b eq 1 and c eq 1 and " + V, true),
                Arguments.of(or(a("a"), and(a("b"), a("c"))), V,
                        "b eq 1 and c eq 1 and " + V + " or a eq 1 and " + V, true),
                Arguments.of(or(and(a("a"), a("b")), and(a("c"), a("d"))), V,
                        "a eq 1 and b eq 1 and " + V + " or c eq 1 and " + V, false),
                Arguments.of(and(or(a("a"), a("b")), or(a("c"), a("d"))), null,
                        "a eq 1 and c eq 1 or a eq 1 or b eq 1", false),
                Arguments.of(or(a("a"), a("a")), null, "a eq 1", true),
                Arguments.of(or(a("a"), and(a("a"), a("b"))), V, "a eq 1 and " + V, true),
                Arguments.of(and(a("a"), or(a("b"), a("c")), a("d")), V,
                        "b eq 1 and a eq 1 and d eq 1 and " + V + " or c eq 1 and a eq 1 and d eq 1 and " + V,
                        true));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("trees")
    void sameUnderEitherPrecedence(ODataExpr tree, String visibility, String expected, boolean exact) {
        ODataExpr.Shaped shaped = ODataExpr.shape(tree, visibility, 40).orElseThrow();
        assertEquals(expected, shaped.filter());
        assertEquals(exact, shaped.exact());
        assertFalse(shaped.filter().contains("(") || shaped.filter().contains(")"), shaped.filter());
        TreeSet<String> all = new TreeSet<>(atomsOf(shaped.filter()));
        collect(tree, all);
        List<String> atoms = new ArrayList<>(all);
        for (int bits = 0; bits < 1 << atoms.size(); bits++) {
            Map<String, Boolean> truth = new java.util.HashMap<>();
            for (int i = 0; i < atoms.size(); i++) {
                truth.put(atoms.get(i), (bits >> i & 1) == 1);
            }
            boolean wanted = (tree == null || eval(tree, truth)) && (visibility == null || truth.get(visibility));
            boolean standard = standard(shaped.filter(), truth);
            boolean leftToRight = leftToRight(shaped.filter(), truth);
            if (exact) {
                assertEquals(wanted, standard, "standard precedence, " + truth);
                assertEquals(wanted, leftToRight, "left to right, " + truth);
            } else {
                assertTrue(!wanted || standard && leftToRight, "a superset, " + truth);
            }
        }
    }

    @ParameterizedTest(name = "{0} atoms")
    @MethodSource("sizes")
    void tooLargeANormalFormIsRefused(int n, boolean fits) {
        List<ODataExpr> left = new ArrayList<>();
        List<ODataExpr> right = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            left.add(a("l" + i));
            right.add(a("r" + i));
        }
        assertEquals(fits, ODataExpr.shape(and(ODataExpr.or(left), ODataExpr.or(right)), V, 40).isPresent());
    }

    static Stream<Arguments> sizes() {
        return Stream.of(Arguments.of(4, true), Arguments.of(5, false));
    }

    private static ODataExpr a(String name) {
        return ODataExpr.atom(name + " eq 1");
    }

    private static ODataExpr and(ODataExpr... parts) {
        return ODataExpr.and(List.of(parts));
    }

    private static ODataExpr or(ODataExpr... parts) {
        return ODataExpr.or(List.of(parts));
    }

    private static void collect(ODataExpr e, TreeSet<String> atoms) {
        if (e instanceof ODataExpr.Atom atom) {
            atoms.add(atom.text());
        } else if (e instanceof ODataExpr.And and) {
            and.parts().forEach(p -> collect(p, atoms));
        } else if (e instanceof ODataExpr.Or or) {
            or.parts().forEach(p -> collect(p, atoms));
        }
    }

    private static boolean eval(ODataExpr e, Map<String, Boolean> truth) {
        if (e instanceof ODataExpr.Atom atom) {
            return truth.get(atom.text());
        }
        if (e instanceof ODataExpr.And and) {
            return and.parts().stream().allMatch(p -> eval(p, truth));
        }
        return ((ODataExpr.Or) e).parts().stream().anyMatch(p -> eval(p, truth));
    }

    /** The comparisons and the connectives between them, in order. */
    private static List<String> tokens(String filter) {
        List<String> out = new ArrayList<>();
        String rest = filter;
        while (true) {
            int and = rest.indexOf(" and ");
            int or = rest.indexOf(" or ");
            int next = and < 0 ? or : or < 0 ? and : Math.min(and, or);
            if (next < 0) {
                out.add(rest);
                return out;
            }
            out.add(rest.substring(0, next));
            boolean isAnd = next == and;
            out.add(isAnd ? "and" : "or");
            rest = rest.substring(next + (isAnd ? 5 : 4));
        }
    }

    private static List<String> atomsOf(String filter) {
        TreeSet<String> atoms = new TreeSet<>();
        List<String> t = tokens(filter);
        for (int i = 0; i < t.size(); i += 2) {
            atoms.add(t.get(i));
        }
        return new ArrayList<>(atoms);
    }

    private static boolean standard(String filter, Map<String, Boolean> truth) {
        List<String> t = tokens(filter);
        boolean any = false;
        boolean term = truth.get(t.get(0));
        for (int i = 1; i < t.size(); i += 2) {
            boolean next = truth.get(t.get(i + 1));
            if (t.get(i).equals("and")) {
                term &= next;
            } else {
                any |= term;
                term = next;
            }
        }
        return any | term;
    }

    private static boolean leftToRight(String filter, Map<String, Boolean> truth) {
        List<String> t = tokens(filter);
        boolean value = truth.get(t.get(0));
        for (int i = 1; i < t.size(); i += 2) {
            boolean next = truth.get(t.get(i + 1));
            value = t.get(i).equals("and") ? value && next : value || next;
        }
        return value;
    }
}
