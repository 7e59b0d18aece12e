package io.ivantiscim.mapping;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.ContainsFilter;
import com.unboundid.scim2.common.filters.EndsWithFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterVisitor;
import com.unboundid.scim2.common.filters.GreaterThanFilter;
import com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter;
import com.unboundid.scim2.common.filters.LessThanFilter;
import com.unboundid.scim2.common.filters.LessThanOrEqualFilter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import com.unboundid.scim2.common.filters.StartsWithFilter;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.IvantiClient;

/**
 * Turns a parsed SCIM filter (RFC 7644 §3.4.2.2) into an Ivanti OData {@code $filter}/{@code $search}.
 * <p>
 * The pushed-down query always returns a <em>superset</em> of the matches; the bridge re-checks every row with the
 * SDK's {@code FilterEvaluator}. Only {@code eq ne lt le gt ge and or} are ever sent, never a parenthesis: Ivanti
 * silently ignores functions ({@code contains}, {@code startswith}, {@code tolower}) and returns everything, its
 * {@code not} is undocumented (docs/ivanti-api.md §2.2, §8.2), and some tenants refuse parentheses or read and/or
 * left to right (§9), so the result is shaped by {@link ODataExpr#shape} with the soft-delete exclusion in it.
 */
@Singleton
public class ODataFilterTranslator {

    /** An {@code or} (or a whole query) with more terms is not pushed down: IIS URL limits (docs/ivanti-api.md §8.15). */
    static final int MAX_TERMS = 40;

    private static final Pattern SEARCH_WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    // Entra's uniqueness filter emails[type eq "work"].value eq "x" (docs/idp-contracts.md §3.6), which the SDK does not
    // parse: only a single trailing JSON literal is accepted, so nothing after the value can be pulled inside. Every
    // quantifier is possessive and a quoted string is the unrolled "[^"\\]*+(?:\\.[^"\\]*+)*+" form: an alternation
    // repeated per character made java.util.regex recurse once per character, and a 3,000-character value overflowed
    // the stack (issue 15 item 6).
    private static final String QUOTED = "\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"";
    private static final Pattern VALUE_PATH_COMPARISON = Pattern.compile(
            "\\s*+([A-Za-z][A-Za-z0-9_:.-]*+)\\[([^\\[\\]\"]*+(?:" + QUOTED + "[^\\[\\]\"]*+)*+)\\]"
                    + "\\.([A-Za-z][A-Za-z0-9_-]*+)\\s++(eq|ne|co|sw|ew|gt|ge|lt|le)\\s++(" + QUOTED
                    + "|true|false|null|-?\\d++(?:\\.\\d++)?(?:[eE][+-]?\\d++)?)\\s*+",
            Pattern.CASE_INSENSITIVE);
    /**
     * Deepest nesting of {@code (…)} and {@code […]} a filter or path may have. The SDK's parser, the translation and
     * the evaluation all recurse once per level, so 3,000 nested {@code not(…)} overflowed the stack; Okta and Entra
     * send at most one level (docs/idp-contracts.md §2.16, §3.6).
     */
    public static final int MAX_NESTING = 32;

    private final UserMapping mapping;
    /** Upper-cased fields {@code $search} indexes; empty: every field (bridge.ivanti.search-fields unset). */
    private final Set<String> searchFields;
    private final String visibility;

    /** CDI constructor: with soft deletes, every query also leaves out the deleted status. */
    @Inject
    public ODataFilterTranslator(UserMapping mapping, BridgeConfig config) {
        this(mapping, config.ivanti().searchFields().orElse(List.of()),
                config.users().deleteMode() == BridgeConfig.DeleteMode.SOFT
                        ? mapping.statusField() + " ne " + IvantiClient.literal(config.users().deletedStatus())
                        : null);
    }

    /** A translator for a tenant whose {@code $search} indexes every string field, hiding nothing (hard deletes). */
    public ODataFilterTranslator(UserMapping mapping) {
        this(mapping, List.of());
    }

    /** A translator for a tenant whose {@code $search} indexes {@code searchFields} (every field when empty). */
    public ODataFilterTranslator(UserMapping mapping, List<String> searchFields) {
        this(mapping, searchFields, null);
    }

    private ODataFilterTranslator(UserMapping mapping, List<String> searchFields, String visibility) {
        this.mapping = mapping;
        this.searchFields = searchFields.stream().map(f -> f.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.visibility = visibility;
    }

    /**
     * The one place the soft-delete exclusion is added: {@code comparison} (null for every record) and the
     * visibility clause, in the shape every tenant reads alike ({@link ODataExpr#shape}); null when neither is there.
     */
    public String visible(String comparison) {
        return ODataExpr.shape(comparison == null ? null : ODataExpr.atom(comparison), visibility, MAX_TERMS)
                .orElseThrow().filter();
    }

    /** Every visible record: exactly what Ivanti answers. */
    public ODataQuery all() {
        return new ODataQuery(Optional.ofNullable(visible(null)), Optional.empty(), true);
    }

    /**
     * Parses a SCIM filter with the SDK. Entra's {@code attr[filter].sub op value} form, which the SDK rejects, is
     * first rewritten to the equivalent RFC 7644 form {@code attr[(filter) and sub op value]}.
     */
    public static Filter parseFilter(String text) throws BadRequestException {
        Filter plain = plainEquality(text);
        if (plain != null) {
            return plain;
        }
        checkNesting(text, "filter");
        try {
            return Filter.fromString(text);
        } catch (BadRequestException e) {
            Matcher m = VALUE_PATH_COMPARISON.matcher(text);
            if (!m.matches()) {
                throw e;
            }
            IdpQuirks.seen(IdpQuirks.VALUE_PATH_COMPARISON);
            return Filter.fromString(m.group(1) + "[(" + m.group(2) + ") and " + m.group(3) + " " + m.group(4) + " "
                    + m.group(5) + "]");
        }
    }

    /**
     * {@code attr eq "value"} (one attribute name, single spaces, a string with no escapes or control characters): the
     * look-up every IdP sends for {@code userName}, {@code externalId} and {@code displayName}, built as the SDK's
     * parser builds it (an equal filter object). The SDK reads the value with a JSON parser of its own per filter
     * (issue 14: 3.7 % of the request threads' samples of the GET and {@code userName eq} phases; 0.55 µs a filter
     * once compiled, 0.06 µs here). Null for any other text, which the SDK then parses.
     */
    static Filter plainEquality(String text) {
        int space = text.indexOf(' ');
        int end = text.length() - 1;
        if (space < 1 || end < space + 5 || !text.regionMatches(true, space, " eq \"", 0, 5)
                || text.charAt(end) != '"') {
            return null;
        }
        for (int i = 0; i < space; i++) {
            char c = text.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            // RFC 7644 §3.10 ATTRNAME: ALPHA *(nameChar); nameChar = "-" / "_" / DIGIT / ALPHA.
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-' || c == '_'))) {
                return null;
            }
        }
        for (int i = space + 5; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                return null;
            }
        }
        return Filter.eq(Path.root().attribute(text.substring(0, space)),
                TextNode.valueOf(text.substring(space + 5, end)));
    }

    /**
     * 400 {@code invalidFilter} (for a filter; {@code invalidPath} for a path) when {@code text} nests brackets deeper than {@link #MAX_NESTING} outside quoted
     * strings, checked before any recursive parser sees it.
     *
     * @param what what the text is, for the message ({@code filter}, {@code PATCH path})
     */
    public static void checkNesting(String text, String what) throws BadRequestException {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '[') {
                if (++depth > MAX_NESTING) {
                    String detail = "The " + what + " nests parentheses or brackets more than " + MAX_NESTING
                            + " levels deep; simplify it.";
                    throw what.equals("filter")
                            ? BadRequestException.invalidFilter(detail)
                            : BadRequestException.invalidPath(detail);
                }
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            }
        }
    }

    /** Translates a filter text (see {@link #parseFilter(String)}). */
    public ODataQuery translate(String filter) throws ScimException {
        return translate(parseFilter(filter));
    }

    /**
     * Translates a parsed filter.
     *
     * @throws BadRequestException {@code invalidFilter} for an unknown or non-filterable attribute, or a value of the
     *         wrong type
     */
    public ODataQuery translate(Filter filter) throws ScimException {
        return translate(filter, null);
    }

    /**
     * As {@link #translate(Filter)}, with one more comparison every result must meet ({@code condition}, e.g. a
     * cursor's {@code RecId gt '…'}; null for none), shaped in with the rest. A null {@code filter} selects every
     * visible record that meets it.
     */
    public ODataQuery translate(Filter filter, String condition) throws ScimException {
        if (filter == null) {
            return new ODataQuery(Optional.ofNullable(visible(condition)), Optional.empty(), true);
        }
        Tx t = filter.visit(new Visitor(), null);
        if (t.terms() > MAX_TERMS || (t.filter() == null && t.search() == null)) {
            return nothingPushed(Optional.empty(), condition);
        }
        ODataExpr where = t.filter();
        if (condition != null) {
            where = where == null
                    ? ODataExpr.atom(condition)
                    : ODataExpr.and(List.of(where, ODataExpr.atom(condition)));
        }
        Optional<ODataExpr.Shaped> shaped = ODataExpr.shape(where, visibility, MAX_TERMS + 1);
        if (shaped.isEmpty()) {
            return nothingPushed(Optional.ofNullable(t.search()), condition);
        }
        return new ODataQuery(Optional.ofNullable(shaped.get().filter()), Optional.ofNullable(t.search()),
                t.exact() && shaped.get().exact());
    }

    private ODataQuery nothingPushed(Optional<String> search, String condition) {
        return new ODataQuery(Optional.ofNullable(visible(condition)), search, false);
    }

    /** A value whose comparison cannot depend on trailing-space padding (see the string EQ case). */
    private static boolean unpadded(String value) {
        return value.isEmpty() || (value.charAt(0) > ' ' && value.charAt(value.length() - 1) > ' ');
    }

    /** A partial translation; {@code filter == null && search == null} means nothing pushed down. */
    private record Tx(ODataExpr filter, String search, boolean exact, int terms) {
        static final Tx NONE = new Tx(null, null, false, 0);

        static Tx of(String filter, boolean exact) {
            return new Tx(ODataExpr.atom(filter), null, exact, 1);
        }

        boolean pushed() {
            return filter != null || search != null;
        }
    }

    /** Inside {@code attr[...]}: the complex attribute and the {@code type} value the filter pins, if any. */
    private record Scope(String urnKey, String attribute, String type) {
    }

    private enum Op {

        EQ, NE, GT, GE, LT, LE, CO, SW, EW;

        String odata() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final class Visitor implements FilterVisitor<Tx, Scope> {

        @Override
        public Tx visit(EqualFilter f, Scope s) throws ScimException {
            return compare(f, Op.EQ, s);
        }

        @Override
        public Tx visit(NotEqualFilter f, Scope s) throws ScimException {
            return compare(f, Op.NE, s);
        }

        @Override
        public Tx visit(ContainsFilter f, Scope s) throws ScimException {
            return compare(f, Op.CO, s);
        }

        @Override
        public Tx visit(StartsWithFilter f, Scope s) throws ScimException {
            return compare(f, Op.SW, s);
        }

        @Override
        public Tx visit(EndsWithFilter f, Scope s) throws ScimException {
            return compare(f, Op.EW, s);
        }

        @Override
        public Tx visit(GreaterThanFilter f, Scope s) throws ScimException {
            return compare(f, Op.GT, s);
        }

        @Override
        public Tx visit(GreaterThanOrEqualFilter f, Scope s) throws ScimException {
            return compare(f, Op.GE, s);
        }

        @Override
        public Tx visit(LessThanFilter f, Scope s) throws ScimException {
            return compare(f, Op.LT, s);
        }

        @Override
        public Tx visit(LessThanOrEqualFilter f, Scope s) throws ScimException {
            return compare(f, Op.LE, s);
        }

        @Override
        public Tx visit(PresentFilter f, Scope s) throws ScimException {
            List<AttributeRule> rules = rulesFor(f.getAttributePath(), s);
            if (rules == null) {
                return Tx.NONE;
            }
            List<Tx> terms = new ArrayList<>();
            for (AttributeRule r : rules) {
                if (r.type() != FieldType.STRING && r.type() != FieldType.REFERENCE) {
                    return Tx.NONE;
                }
                // docs/ivanti-api.md row 13: '$NULL' is how Ivanti matches an empty string field.
                terms.add(Tx.of(r.field() + " ne '$NULL'", r.type() == FieldType.STRING));
            }
            return or(terms);
        }

        @Override
        public Tx visit(AndFilter f, Scope s) throws ScimException {
            List<ODataExpr> filters = new ArrayList<>();
            List<String> searches = new ArrayList<>();
            boolean exact = true;
            int terms = 0;
            for (Filter child : f.getCombinedFilters()) {
                Tx t = child.visit(this, s);
                // Dropping a conjunct only widens the result: still a superset.
                if (!t.pushed()) {
                    exact = false;
                    continue;
                }
                exact &= t.exact();
                if (t.filter() != null) {
                    filters.add(t.filter());
                    terms += t.terms();
                }
                if (t.search() != null) {
                    // Ivanti $search treats spaces as AND (docs/ivanti-api.md row 16).
                    searches.add(t.search());
                }
            }
            if (terms > MAX_TERMS) {
                return Tx.NONE;
            }
            return new Tx(filters.isEmpty() ? null : ODataExpr.and(filters),
                    searches.isEmpty() ? null : String.join(" ", searches),
                    exact && (!filters.isEmpty() || !searches.isEmpty()),
                    terms);
        }

        @Override
        public Tx visit(OrFilter f, Scope s) throws ScimException {
            List<Tx> parts = new ArrayList<>();
            for (Filter child : f.getCombinedFilters()) {
                parts.add(child.visit(this, s));
            }
            return or(parts);
        }

        @Override
        public Tx visit(NotFilter f, Scope s) throws ScimException {
            // Validate the inner filter (unknown attributes are still errors) but never send Ivanti's undocumented not.
            f.getInvertedFilter().visit(this, s);
            return Tx.NONE;
        }

        @Override
        public Tx visit(ComplexValueFilter f, Scope s) throws ScimException {
            if (s != null) {
                return Tx.NONE;
            }
            Path path = f.getAttributePath();
            String urnKey = AttributeRule.urnKey(path.getSchemaUrn());
            String attr = path.getElement(0).getAttribute();
            if (mapping.resolve(urnKey, attr, null, null).isEmpty()) {
                throw BadRequestException.invalidFilter("Unknown attribute '" + path + "' in filter");
            }
            Filter inner = f.getValueFilter();
            String type = typeOf(inner);
            if (type != null) {
                List<Filter> rest = new ArrayList<>();
                for (Filter c : inner.getCombinedFilters()) {
                    if (c != typeFilter(inner)) {
                        rest.add(c);
                    }
                }
                if (rest.isEmpty()) {
                    return Tx.NONE;
                }
                inner = rest.size() == 1 ? rest.get(0) : Filter.and(rest);
            }
            return inner.visit(this, new Scope(urnKey, attr, type));
        }

        /** The {@code type} value an {@code and} inside brackets pins ({@code type eq "work" and value eq "x"}). */
        private String typeOf(Filter inner) {
            Filter t = typeFilter(inner);
            return t == null ? null : t.getComparisonValue().asText();
        }

        private Filter typeFilter(Filter inner) {
            if (!(inner instanceof AndFilter)) {
                return null;
            }
            for (Filter c : inner.getCombinedFilters()) {
                if (c instanceof EqualFilter && c.getAttributePath().size() == 1
                        && c.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("type")
                        && c.getComparisonValue() != null && c.getComparisonValue().isTextual()) {
                    return c;
                }
            }
            return null;
        }

        private Tx or(List<Tx> parts) {
            List<ODataExpr> filters = new ArrayList<>();
            boolean exact = true;
            int terms = 0;
            for (Tx t : parts) {
                // One disjunct Ivanti cannot answer means the whole or would lose rows: push nothing.
                if (t.filter() == null || t.search() != null) {
                    return Tx.NONE;
                }
                filters.add(t.filter());
                exact &= t.exact();
                terms += t.terms();
            }
            if (filters.isEmpty() || terms > MAX_TERMS) {
                return Tx.NONE;
            }
            return new Tx(ODataExpr.or(filters), null, exact, terms);
        }

        private Tx compare(Filter f, Op op, Scope s) throws ScimException {
            List<AttributeRule> rules = rulesFor(f.getAttributePath(), s);
            if (rules == null) {
                return Tx.NONE;
            }
            List<Tx> terms = new ArrayList<>();
            for (AttributeRule r : rules) {
                terms.add(term(r, op, f.getComparisonValue()));
            }
            // One rule: keep a $search term as is; several (emails.value over every mapped type): an or.
            return terms.size() == 1 ? terms.get(0) : or(terms);
        }

        /** The filterable rules for a path; {@code null} when it is a known sub-attribute that cannot be pushed. */
        private List<AttributeRule> rulesFor(Path path, Scope s) throws BadRequestException {
            List<AttributeRule> rules;
            if (s == null) {
                rules = mapping.resolve(path);
                if (rules.isEmpty()) {
                    throw BadRequestException.invalidFilter("Unknown attribute '" + path + "' in filter");
                }
            } else {
                if (path.size() != 1 || path.getSchemaUrn() != null) {
                    return null;
                }
                String sub = path.getElement(0).getAttribute();
                rules = mapping.resolve(s.urnKey(), s.attribute(), sub, s.type());
                if (rules.isEmpty()) {
                    if (!mapping.resolve(s.urnKey(), s.attribute(), sub, null).isEmpty()
                            || List.of("type", "primary", "display").contains(sub.toLowerCase(Locale.ROOT))) {
                        // Known sub-attribute (or a type we hold no value for): the bridge filters it.
                        return null;
                    }
                    throw BadRequestException
                            .invalidFilter("Unknown attribute '" + s.attribute() + "." + sub + "' in filter");
                }
            }
            List<AttributeRule> filterable = rules.stream().filter(AttributeRule::filterable).toList();
            if (filterable.isEmpty()) {
                throw BadRequestException
                        .invalidFilter("Attribute '" + rules.get(0).pathText() + "' cannot be used in a filter");
            }
            return filterable;
        }
    }

    private Tx term(AttributeRule r, Op op, JsonNode value) throws BadRequestException {
        String name = r.pathText();
        if (value == null || value.isNull()) {
            return Tx.NONE;
        }
        // '$NULL' is Ivanti's empty-value sentinel: a user value equal to it must not turn into "is empty".
        if (value.isTextual() && value.asText().trim().equalsIgnoreCase("$NULL")) {
            return Tx.NONE;
        }
        String field = r.field();
        switch (r.type()) {
            case STATUS -> {
                requireBoolean(name, op, value);
                boolean wantActive = value.booleanValue() == (op == Op.EQ);
                // Status eq is case-insensitive in Ivanti, as is the bridge's read of active: exact.
                return Tx.of(field + (wantActive ? " eq " : " ne ") + IvantiClient.literal(mapping.activeValue()),
                        true);
            }
            case BOOLEAN -> {
                requireBoolean(name, op, value);
                return Tx.of(field + " " + op.odata() + " " + value.booleanValue(), true);
            }
            case DATETIME -> {
                String literal = dateLiteral(name, value);
                return switch (op) {
                    case CO, SW, EW -> Tx.NONE;
                    // Bare, unquoted ISO literal: datetime'…' is a 400 in Ivanti (docs/ivanti-api.md §2.4).
                    default -> Tx.of(field + " " + op.odata() + " " + literal, true);
                };
            }
            case INTEGER, DECIMAL -> {
                if (!value.isNumber()) {
                    throw BadRequestException
                            .invalidFilter("'" + name + "' must be compared with a number, not " + value);
                }
                return switch (op) {
                    case CO, SW, EW -> Tx.NONE;
                    default ->
                        Tx.of(field + " " + op.odata() + " " + new BigDecimal(value.asText()).toPlainString(), true);
                };
            }
            default -> {
                if (!value.isTextual()) {
                    throw BadRequestException
                            .invalidFilter("'" + name + "' must be compared with a string, not " + value);
                }
                String v = value.asText();
                return switch (op) {
                    // Ivanti string eq is case-insensitive (docs/ivanti-api.md §8.3): exact only for caseExact=false,
                    // and only for a value without edge spaces: docs/ivanti-api.md does not settle how the tenant's
                    // database treats them (SQL Server's padded comparison makes 'bob' equal 'bob '), and SCIM tells
                    // them apart, so such a value is a superset to re-check: an exact query's answer is not.
                    case EQ -> Tx.of(field + " eq " + IvantiClient.literal(v), !r.caseExact() && unpadded(v));
                    case NE -> r.caseExact() || !unpadded(v)
                            ? Tx.NONE
                            : Tx.of(field + " ne " + IvantiClient.literal(v), true);
                    // $search is a case-insensitive word prefix (docs/ivanti-api.md §2.2): a superset for one plain word.
                    // A field outside the tenant's full-text index would make $search miss matches: not pushed.
                    case SW -> SEARCH_WORD.matcher(v).matches() && searchable(field)
                            ? new Tx(null, v, false, 0)
                            : Tx.NONE;
                    // co/ew: never contains()/endswith() (silently ignored by Ivanti); string order: collation unknown.
                    default -> Tx.NONE;
                };
            }
        }
    }

    private boolean searchable(String field) {
        return searchFields.isEmpty() || searchFields.contains(field.toUpperCase(Locale.ROOT));
    }

    private static void requireBoolean(String name, Op op, JsonNode value) throws BadRequestException {
        if (!value.isBoolean()) {
            throw BadRequestException.invalidFilter("'" + name + "' must be compared with true or false, not " + value);
        }
        if (op != Op.EQ && op != Op.NE) {
            throw BadRequestException.invalidFilter("'" + name + "' is a boolean; only eq, ne and pr apply");
        }
    }

    private static String dateLiteral(String name, JsonNode value) throws BadRequestException {
        if (value.isTextual()) {
            try {
                return DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.parse(value.asText()).toInstant());
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        throw BadRequestException.invalidFilter("'" + name
                + "' must be compared with a dateTime such as \"2026-01-01T00:00:00Z\", not " + value);
    }
}
