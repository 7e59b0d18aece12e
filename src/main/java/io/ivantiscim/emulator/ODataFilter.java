package io.ivantiscim.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parser and evaluator of the {@code $filter} dialect Ivanti actually accepts (docs/ivanti-api.md rows 11–13, §2.2):
 * <ul>
 * <li>operators {@code eq ne lt le gt ge and or} and parentheses only; {@code not} → 400 (undocumented);</li>
 * <li>any function call ({@code contains}, {@code startswith}, {@code tolower}, {@code year} …) makes Ivanti
 * <em>silently drop the whole filter</em> (row 12) — {@link #parse} then returns {@link #IGNORED}; except
 * {@code substringof()} and OData v2 typed literals ({@code datetime'…'}) which are 400;</li>
 * <li>strings single-quoted with {@code ''} doubling, string {@code eq}/{@code ne} case-insensitive;
 * {@code '$NULL'} matches empty or null strings and is 400 on date/number fields (row 13);</li>
 * <li>dates, numbers and booleans unquoted: {@code CreatedDateTime gt 2026-01-01}.</li>
 * </ul>
 * The and/or precedence is standard unless {@code leftToRight} is set (row 13: "not OData-standard"; §9 switch).
 */
final class ODataFilter {

    /** Thrown for a filter Ivanti answers with 400 ISM_4000 "Invalid Filter Value…". */
    static final class InvalidFilterException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidFilterException(String why) {
            super(why, null, false, false);
        }
    }

    enum Op {
        EQ, NE, LT, LE, GT, GE
    }

    /** A parsed filter node; evaluated against a record's value array. */
    sealed interface Node permits And, Or, Cmp, True {

        boolean test(Object[] values);
    }

    record And(Node left, Node right) implements Node {

        @Override
        public boolean test(Object[] v) {
            return left.test(v) && right.test(v);
        }
    }

    record Or(Node left, Node right) implements Node {

        @Override
        public boolean test(Object[] v) {
            return left.test(v) || right.test(v);
        }
    }

    /** Placeholder for an ignored function call while the rest is parsed. */
    record True() implements Node {

        @Override
        public boolean test(Object[] v) {
            return true;
        }
    }

    /** Marker value of the {@code '$NULL'} literal. */
    static final Object NULL = new Object() {

        @Override
        public String toString() {
            return "$NULL";
        }
    };

    static final Instant UNSET_DATE = Instant.parse("0001-01-01T00:00:00Z");

    record Cmp(BoType.Field field, Op op, Object literal) implements Node {

        @Override
        public boolean test(Object[] v) {
            Object actual = v[field.index()];
            if (literal == NULL) {
                boolean empty = actual == null || (actual instanceof String s && s.isEmpty());
                return op == Op.EQ ? empty : !empty;
            }
            int c;
            switch (field.kind()) {
                case STRING -> {
                    String lit = (String) literal;
                    if (lit.isEmpty() && (op == Op.EQ || op == Op.NE)) {
                        // Row 13: an empty field is matched only by '$NULL'; eq '' matches nothing.
                        return op == Op.NE;
                    }
                    String a = actual == null ? "" : (String) actual;
                    if (op == Op.EQ) {
                        return a.equalsIgnoreCase(lit);
                    }
                    if (op == Op.NE) {
                        return !a.equalsIgnoreCase(lit);
                    }
                    c = String.CASE_INSENSITIVE_ORDER.compare(a, lit);
                }
                case DATETIME -> c = (actual == null ? UNSET_DATE : (Instant) actual).compareTo((Instant) literal);
                case BOOLEAN -> c = Boolean.compare(actual != null && (Boolean) actual, (Boolean) literal);
                case INT -> c = Long.compare(actual == null ? 0L : ((Number) actual).longValue(), (Long) literal);
                default -> throw new IllegalStateException();
            }
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
    }

    /** Result of parsing: {@link #IGNORED} when a function call made Ivanti drop the whole filter. */
    static final ODataFilter IGNORED = new ODataFilter(null);

    final Node root;

    private ODataFilter(Node root) {
        this.root = root;
    }

    boolean ignored() {
        return root == null;
    }

    boolean test(Object[] values) {
        return root == null || root.test(values);
    }

    /**
     * The literal of a top-level conjunct {@code field eq 'x'} (so the store can use an index), or null.
     */
    String equalityOn(BoType.Field field) {
        return equalityOn(root, field);
    }

    private static String equalityOn(Node n, BoType.Field field) {
        if (n instanceof Cmp c && c.field().equals(field) && c.op() == Op.EQ && c.literal() instanceof String s) {
            return s;
        }
        if (n instanceof And a) {
            String l = equalityOn(a.left(), field);
            return l != null ? l : equalityOn(a.right(), field);
        }
        return null;
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge");

    /**
     * Parses {@code text} for business object {@code type}.
     *
     * @param parentheses whether grouping parentheses are accepted (§9)
     * @param leftToRight whether and/or are evaluated strictly left to right (§9)
     * @param offset tenant offset applied to date literals without a zone
     */
    static ODataFilter parse(String text, BoType type, boolean parentheses, boolean leftToRight, ZoneOffset offset)
            throws InvalidFilterException {
        if (text == null || text.isBlank()) {
            throw new InvalidFilterException("empty filter");
        }
        Parser p = new Parser(tokenize(text), type, parentheses, leftToRight, offset);
        Node n = p.expression();
        if (p.pos != p.tokens.size()) {
            throw new InvalidFilterException("unexpected " + p.tokens.get(p.pos).text);
        }
        return p.sawFunction ? IGNORED : new ODataFilter(n);
    }

    private enum T {
        LPAREN, RPAREN, COMMA, STRING, WORD
    }

    private record Token(T type, String text, boolean quoteFollows) {
    }

    private static List<Token> tokenize(String s) throws InvalidFilterException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '(') {
                out.add(new Token(T.LPAREN, "(", false));
                i++;
            } else if (ch == ')') {
                out.add(new Token(T.RPAREN, ")", false));
                i++;
            } else if (ch == ',') {
                out.add(new Token(T.COMMA, ",", false));
                i++;
            } else if (ch == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < n && s.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    b.append(c);
                    i++;
                }
                if (!closed) {
                    throw new InvalidFilterException("unterminated string");
                }
                out.add(new Token(T.STRING, b.toString(), false));
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(s.charAt(i)) && "(),'".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(T.WORD, s.substring(start, i), i < n && s.charAt(i) == '\''));
            }
        }
        return out;
    }

    private static final class Parser {

        final List<Token> tokens;
        final BoType type;
        final boolean parentheses;
        final boolean leftToRight;
        final ZoneOffset offset;
        int pos;
        boolean sawFunction;

        Parser(List<Token> tokens, BoType type, boolean parentheses, boolean leftToRight, ZoneOffset offset) {
            this.tokens = tokens;
            this.type = type;
            this.parentheses = parentheses;
            this.leftToRight = leftToRight;
            this.offset = offset;
        }

        Token peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        Token next() throws InvalidFilterException {
            if (pos >= tokens.size()) {
                throw new InvalidFilterException("unexpected end");
            }
            return tokens.get(pos++);
        }

        boolean peekWord(String w) {
            Token t = peek();
            return t != null && t.type == T.WORD && t.text.equalsIgnoreCase(w);
        }

        Node expression() throws InvalidFilterException {
            if (leftToRight) {
                // Quirk mode: "a or b and c" is ((a or b) and c).
                Node left = primary();
                while (peekWord("and") || peekWord("or")) {
                    boolean and = next().text.equalsIgnoreCase("and");
                    Node right = primary();
                    left = and ? new And(left, right) : new Or(left, right);
                }
                return left;
            }
            Node left = conjunction();
            while (peekWord("or")) {
                next();
                left = new Or(left, conjunction());
            }
            return left;
        }

        Node conjunction() throws InvalidFilterException {
            Node left = primary();
            while (peekWord("and")) {
                next();
                left = new And(left, primary());
            }
            return left;
        }

        Node primary() throws InvalidFilterException {
            Token t = next();
            if (t.type == T.LPAREN) {
                if (!parentheses) {
                    throw new InvalidFilterException("parentheses not supported");
                }
                Node inner = expression();
                if (next().type != T.RPAREN) {
                    throw new InvalidFilterException("missing )");
                }
                return inner;
            }
            if (t.type != T.WORD) {
                throw new InvalidFilterException("expected a field name");
            }
            String word = t.text;
            if (word.equalsIgnoreCase("not")) {
                throw new InvalidFilterException("not is not supported");
            }
            Token after = peek();
            if (after != null && after.type == T.LPAREN && !KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return function(word);
            }
            BoType.Field f = type.field(word);
            if (f == null) {
                throw new InvalidFilterException("unknown field " + word);
            }
            Token opTok = next();
            Op op = op(opTok);
            if (op == null) {
                throw new InvalidFilterException("unknown operator " + opTok.text);
            }
            return new Cmp(f, op, literal(f, op, next()));
        }

        /** Row 12: substringof() is 400, every other function makes Ivanti ignore the whole filter. */
        Node function(String name) throws InvalidFilterException {
            if (name.equalsIgnoreCase("substringof")) {
                throw new InvalidFilterException("substringof is not supported");
            }
            next(); // (
            int depth = 1;
            while (depth > 0) {
                Token t = next();
                if (t.type == T.LPAREN) {
                    depth++;
                } else if (t.type == T.RPAREN) {
                    depth--;
                } else if (t.type == T.WORD && t.quoteFollows) {
                    throw new InvalidFilterException("typed literal " + t.text);
                }
            }
            // "contains(X,'y') eq true" — swallow the comparison with the function's result.
            Token t = peek();
            if (t != null && op(t) != null) {
                next();
                next();
            }
            sawFunction = true;
            return new True();
        }

        static Op op(Token t) {
            if (t.type != T.WORD) {
                return null;
            }
            return switch (t.text.toLowerCase(Locale.ROOT)) {
                case "eq" -> Op.EQ;
                case "ne" -> Op.NE;
                case "lt" -> Op.LT;
                case "le" -> Op.LE;
                case "gt" -> Op.GT;
                case "ge" -> Op.GE;
                default -> null;
            };
        }

        Object literal(BoType.Field f, Op op, Token t) throws InvalidFilterException {
            if (t.type == T.WORD && t.quoteFollows) {
                // OData v2 typed literals such as datetime'2026-01-01' (row 12).
                throw new InvalidFilterException("typed literal " + t.text);
            }
            if (t.type != T.STRING && t.type != T.WORD) {
                throw new InvalidFilterException("expected a value");
            }
            if (t.type == T.STRING && "$NULL".equalsIgnoreCase(t.text)) {
                if (f.kind() != BoType.Kind.STRING || (op != Op.EQ && op != Op.NE)) {
                    throw new InvalidFilterException("$NULL on a non-string field");
                }
                return NULL;
            }
            if (t.type == T.WORD && t.text.equalsIgnoreCase("null")) {
                if (op != Op.EQ && op != Op.NE) {
                    throw new InvalidFilterException("null with " + op);
                }
                return NULL;
            }
            switch (f.kind()) {
                case STRING :
                    return t.text;
                case BOOLEAN :
                    if (t.text.equalsIgnoreCase("true") || t.text.equalsIgnoreCase("false")) {
                        return Boolean.valueOf(t.text.equalsIgnoreCase("true"));
                    }
                    throw new InvalidFilterException("not a boolean: " + t.text);
                case INT :
                    if (t.type == T.WORD) {
                        try {
                            return Long.valueOf(t.text);
                        } catch (NumberFormatException e) {
                            // fall through
                        }
                    }
                    throw new InvalidFilterException("not a number: " + t.text);
                case DATETIME :
                    if (t.type == T.WORD) {
                        Instant i = parseDate(t.text, offset);
                        if (i != null) {
                            return i;
                        }
                    }
                    // Dates are unquoted in Ivanti filters (row 13); a quoted date is rejected here (GUESS).
                    throw new InvalidFilterException("not a date: " + t.text);
                default :
                    throw new IllegalStateException();
            }
        }
    }

    /** Bare ISO date or date-time literal; without a zone it is read in the tenant offset. Null if not a date. */
    static Instant parseDate(String s, ZoneOffset offset) {
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(offset);
            }
            char last = s.charAt(s.length() - 1);
            if (last == 'Z' || last == 'z' || s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10) {
                return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT)).toInstant();
            }
            return LocalDateTime.parse(s).toInstant(offset);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }
}
