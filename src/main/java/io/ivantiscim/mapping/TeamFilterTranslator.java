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
final class TeamFilterTranslator implements FilterVisitor<Optional<ODataExpr>, Void> {

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

    /** The {@code $filter} text, in the shape every tenant reads alike ({@link ODataExpr#shape}). */
    Optional<String> translate(Filter filter) {
        return translate(filter, null);
    }

    /** As {@link #translate(Filter)}, with one more comparison every team must meet ({@code condition}, or null). */
    Optional<String> translate(Filter filter, String condition) {
        Optional<ODataExpr> where = expr(filter);
        if (condition != null) {
            where = Optional.of(where.map(e -> ODataExpr.and(List.of(e, ODataExpr.atom(condition))))
                    .orElse(ODataExpr.atom(condition)));
        }
        return where.flatMap(e -> ODataExpr.shape(e, null, ODataFilterTranslator.MAX_TERMS + 1))
                .map(ODataExpr.Shaped::filter);
    }

    private Optional<ODataExpr> expr(Filter filter) {
        try {
            return filter.visit(this, null);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw new IllegalStateException("The team filter translator throws nothing", e);
        }
    }

    @Override
    public Optional<ODataExpr> visit(EqualFilter eq, Void unused) {
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
            case "id" -> Optional.of(ODataExpr.atom("RecId eq " + literal));
            case "displayname" -> Optional.of(ODataExpr.atom(nameField + " eq " + literal));
            case "externalid" -> externalIdField.isPresent()
                    ? Optional.of(ODataExpr.atom(externalIdField.get() + " eq " + literal))
                    : storedIds(eq.getComparisonValue().asText());
            default -> Optional.empty();
        };
    }

    private Optional<ODataExpr> storedIds(String externalId) {
        List<String> ids = storedGroupIds.apply(externalId);
        if (ids.isEmpty()) {
            return Optional.of(ODataExpr.atom("RecId eq ''"));
        }
        if (ids.size() > ODataFilterTranslator.MAX_TERMS) {
            return Optional.empty();
        }
        return Optional.of(ODataExpr.or(ids.stream().map(id -> ODataExpr.atom("RecId eq " + IvantiClient.literal(id)))
                .toList()));
    }

    @Override
    public Optional<ODataExpr> visit(AndFilter and, Void unused) {
        List<ODataExpr> parts = new ArrayList<>();
        for (Filter child : and.getCombinedFilters()) {
            // Dropping a conjunct only widens the result: still a superset.
            expr(child).ifPresent(parts::add);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(ODataExpr.and(parts));
    }

    @Override
    public Optional<ODataExpr> visit(OrFilter or, Void unused) {
        List<ODataExpr> parts = new ArrayList<>();
        for (Filter child : or.getCombinedFilters()) {
            Optional<ODataExpr> p = expr(child);
            // One disjunct Ivanti cannot answer means the whole or would lose groups: push nothing.
            if (p.isEmpty()) {
                return Optional.empty();
            }
            parts.add(p.get());
        }
        return parts.size() > ODataFilterTranslator.MAX_TERMS
                ? Optional.empty()
                : Optional.of(ODataExpr.or(parts));
    }

    // Everything else is checked by the bridge only: ne/gt/… and co/sw/ew have no exact OData form on these fields,
    // not would need Ivanti's undocumented operator, and members[…] is not a team field.

    @Override
    public Optional<ODataExpr> visit(NotEqualFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(ContainsFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(StartsWithFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(EndsWithFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(PresentFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(GreaterThanFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(GreaterThanOrEqualFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(LessThanFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(LessThanOrEqualFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(NotFilter f, Void unused) {
        return Optional.empty();
    }

    @Override
    public Optional<ODataExpr> visit(ComplexValueFilter f, Void unused) {
        return Optional.empty();
    }
}
