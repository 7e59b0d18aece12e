package io.ivantiscim.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

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

import io.ivantiscim.ivanti.IvantiClient;

/**
 * Turns a SCIM Group filter into the OData {@code $filter} that selects a superset of the matching teams (or roles),
 * the Group counterpart of {@link ODataFilterTranslator}: {@code id}, {@code displayName} (Ivanti's eq is
 * case-insensitive, as displayName is) and {@code externalId} equality, combined with {@code and}/{@code or}. Empty
 * when nothing can be pushed down (then every group is read); the bridge re-checks every group against the filter.
 * Without a configured field, {@code externalId eq} is resolved through the bridge's store to the RecIds that carry
 * it ({@code RecId eq …} or-ed; {@code RecId eq ''} when none does), so the one filter seam stays here.
 */
final class TeamFilterTranslator implements FilterVisitor<Optional<String>, Void> {

    private final String nameField;
    private final Optional<String> externalIdField;
    private final Function<String, List<String>> storedGroupIds;

    /**
     * @param storedGroupIds the RecIds whose stored externalId equals a value, used only when
     *        {@code externalIdField} is empty
     */
    TeamFilterTranslator(String nameField, Optional<String> externalIdField,
            Function<String, List<String>> storedGroupIds) {
        this.nameField = nameField;
        this.externalIdField = externalIdField;
        this.storedGroupIds = storedGroupIds;
    }

    Optional<String> translate(Filter filter) {
        try {
            return filter.visit(this, null);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw new IllegalStateException("The team filter translator throws nothing", e);
        }
    }

    @Override
    public Optional<String> visit(EqualFilter eq, Void unused) {
        if (eq.getAttributePath().size() != 1 || eq.getAttributePath().getElement(0).getValueFilter() != null
                || eq.getComparisonValue() == null || !eq.getComparisonValue().isTextual()) {
            return Optional.empty();
        }
        String urn = eq.getAttributePath().getSchemaUrn();
        if (urn != null && !urn.equalsIgnoreCase(TeamMapper.GROUP_URN)) {
            return Optional.empty();
        }
        String literal = IvantiClient.literal(eq.getComparisonValue().asText());
        return switch (eq.getAttributePath().getElement(0).getAttribute().toLowerCase(Locale.ROOT)) {
            case "id" -> Optional.of("RecId eq " + literal);
            case "displayname" -> Optional.of(nameField + " eq " + literal);
            case "externalid" -> externalIdField.isPresent()
                    ? Optional.of(externalIdField.get() + " eq " + literal)
                    : storedIds(eq.getComparisonValue().asText());
            default -> Optional.empty();
        };
    }

    private Optional<String> storedIds(String externalId) {
        List<String> ids = storedGroupIds.apply(externalId);
        if (ids.isEmpty()) {
            return Optional.of("RecId eq ''");
        }
        if (ids.size() > ODataFilterTranslator.MAX_TERMS) {
            return Optional.empty();
        }
        return Optional.of(String.join(" or ", ids.stream().map(id -> "RecId eq " + IvantiClient.literal(id))
                .toList()));
    }

    @Override
    public Optional<String> visit(AndFilter and, Void unused) {
        List<String> parts = new ArrayList<>();
        for (Filter child : and.getCombinedFilters()) {
            // Dropping a conjunct only widens the result: still a superset.
            translate(child).ifPresent(p -> parts.add("(" + p + ")"));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", parts));
    }

    @Override
    public Optional<String> visit(OrFilter or, Void unused) {
        List<String> parts = new ArrayList<>();
        for (Filter child : or.getCombinedFilters()) {
            Optional<String> p = translate(child);
            // One disjunct Ivanti cannot answer means the whole or would lose groups: push nothing.
            if (p.isEmpty()) {
                return Optional.empty();
            }
            parts.add("(" + p.get() + ")");
        }
        return parts.size() > ODataFilterTranslator.MAX_TERMS
                ? Optional.empty()
                : Optional.of(String.join(" or ", parts));
    }

    // Everything else is checked by the bridge only: ne/gt/… and co/sw/ew have no exact OData form on these fields,
    // not would need Ivanti's undocumented operator, and members[…] is not a team field.

    @Override
    public Optional<String> visit(NotEqualFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(ContainsFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(StartsWithFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(EndsWithFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(PresentFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(GreaterThanFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(GreaterThanOrEqualFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(LessThanFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(LessThanOrEqualFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(NotFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<String> visit(ComplexValueFilter f, Void unused) {
        return Optional.empty();
    }
}
