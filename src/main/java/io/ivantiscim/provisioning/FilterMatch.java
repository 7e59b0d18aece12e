package io.ivantiscim.provisioning;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;
import com.unboundid.scim2.common.utils.StaticUtils;

/**
 * The SDK's {@link FilterEvaluator} for the users' and groups' filters, without the SDK's date probe where it cannot
 * matter. For a text {@code eq} the SDK's {@code JsonUtils.compareTo} first parses
 * both sides as an xsd:dateTime and catches the failure: for a userName, e-mail or displayName that is four exceptions
 * with stack traces per comparison (a {@code DateTimeParseException} and the {@code IllegalArgumentException} that
 * wraps it, for each side), 24,000 of them in one bench run and every {@code userName eq} look-up of an IdP paying
 * for them (bench/README.md "Warm-up"). A comparison value that cannot be a dateTime (one starts with a digit or a
 * sign, ISO 8601's year) makes the dates irrelevant: then {@code eq} is the SDK's case-insensitive text equality
 * (attributes are not caseExact unless declared, RFC 7643 §2.1; the SDK's evaluator has no definitions), and every
 * other comparison, and every other value, is the SDK's own.
 */
public final class FilterMatch extends FilterEvaluator {

    private static final FilterMatch INSTANCE = new FilterMatch();
    private static final Path VALUE = Path.of("value");

    private FilterMatch() {
    }

    /** True when {@code resource} matches {@code filter}, as {@link FilterEvaluator#evaluate} answers. */
    public static boolean matches(Filter filter, JsonNode resource) throws ScimException {
        return filter.visit(INSTANCE, resource);
    }

    @Override
    public Boolean visit(EqualFilter filter, JsonNode object) throws ScimException {
        JsonNode value = filter.getComparisonValue();
        if (!value.isTextual() || mayBeDateTime(value.textValue())) {
            return super.visit(filter, object);
        }
        String text = StaticUtils.toLowerCase(value.textValue());
        for (JsonNode node : candidates(filter.getAttributePath(), object)) {
            if (node.isTextual()
                    ? StaticUtils.toLowerCase(node.textValue()).equals(text)
                    : JsonUtils.compareTo(node, value, null) == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean mayBeDateTime(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return false;
        }
        char first = trimmed.charAt(0);
        return first >= '0' && first <= '9' || first == '+' || first == '-';
    }

    /** The values the SDK's evaluator compares: those at the path, a multi-valued attribute's one by one. */
    private static Iterable<JsonNode> candidates(Path path, JsonNode object) throws ScimException {
        if (object.isArray()) {
            return object;
        }
        if (object.isObject()) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode node : JsonUtils.findMatchingPaths(path, (ObjectNode) object)) {
                if (node.isArray()) {
                    node.forEach(out::add);
                } else {
                    out.add(node);
                }
            }
            return out;
        }
        // A bare value under a value filter (emails[value eq "…"] on a list of strings) is compared itself.
        return object.isValueNode() && path.equals(VALUE) ? List.of(object) : List.of();
    }
}
