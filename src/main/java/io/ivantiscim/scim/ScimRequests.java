package io.ivantiscim.scim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SearchRequest;
import com.unboundid.scim2.common.messages.SortOrder;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.provisioning.ListQuery;

/**
 * What the Users and Groups resources share: reading list and search parameters (RFC 7644 §3.4.2) into a validated
 * query, and shaping single-resource and list responses (ETag, projection, media type).
 */
@ApplicationScoped
public class ScimRequests {

    private final BridgeConfig config;

    ScimRequests(BridgeConfig config) {
        this.config = config;
    }

    /** A validated list query; the filter may be text or already parsed (a SearchRequest body). */
    public ListQuery search(Object filter, Integer startIndex, Integer count, String sortBy, String sortOrder)
            throws ScimException {
        Filter parsed;
        try {
            parsed = filter == null || filter.toString().isBlank()
                    ? null
                    : filter instanceof Filter f ? f : ODataFilterTranslator.parseFilter(filter.toString());
        } catch (BadRequestException e) {
            throw BadRequestException.invalidFilter("The filter cannot be parsed: " + e.getMessage());
        }
        checkLiterals(parsed);
        // RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0; above the maximum is the maximum.
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int max = config.scim().maxResults();
        int size = count == null ? Math.min(config.scim().defaultCount(), max) : Math.max(0, Math.min(count, max));
        SortOrder order = sortOrder == null || sortOrder.isBlank() ? SortOrder.ASCENDING : switch (sortOrder.trim()) {
            case "ascending" -> SortOrder.ASCENDING;
            case "descending" -> SortOrder.DESCENDING;
            default -> throw BadRequestException.invalidValue("sortOrder must be 'ascending' or 'descending'.");
        };
        return new ListQuery(parsed, start, size, sortBy == null || sortBy.isBlank() ? null : Path.fromString(sortBy),
                order);
    }

    /**
     * Refuses a filter with a string value over {@code bridge.scim.max-filter-literal} before anything is sent: such a
     * value cannot match a real attribute, and it would only make an Ivanti URL that IIS refuses. Walked without
     * recursion, so a deeply nested filter cannot exhaust the stack here.
     */
    private void checkLiterals(Filter filter) throws BadRequestException {
        int max = config.scim().maxFilterLiteral();
        Deque<Filter> todo = new ArrayDeque<>();
        if (filter != null) {
            todo.push(filter);
        }
        while (!todo.isEmpty()) {
            Filter f = todo.pop();
            if (f.isCombiningFilter()) {
                f.getCombinedFilters().forEach(todo::push);
            } else if (f.isNotFilter()) {
                todo.push(f.getInvertedFilter());
            } else if (f.isComplexValueFilter()) {
                todo.push(f.getValueFilter());
            } else if (f.getComparisonValue() != null && f.getComparisonValue().isTextual()
                    && f.getComparisonValue().asText().length() > max) {
                throw BadRequestException.invalidFilter("A filter value may have at most " + max
                        + " characters (bridge.scim.max-filter-literal); this one has "
                        + f.getComparisonValue().asText().length() + ".");
            }
        }
    }

    /** The list query of a {@code POST /.search} body (RFC 7644 §3.4.3), validated as the GET form is. */
    public ListQuery search(SearchRequest request) throws ScimException {
        return search(request.getFilter(), request.getStartIndex(), request.getCount(), request.getSortBy(),
                request.getSortOrder() == null ? null : request.getSortOrder().getName());
    }

    /** The {@code attributes} / {@code excludedAttributes} of a {@code POST /.search} body. */
    public static AttributeProjection projection(SearchRequest request) throws BadRequestException {
        return new AttributeProjection(paths(request.getAttributes()), paths(request.getExcludedAttributes()));
    }

    /** 201 with {@code Location} and the created resource (RFC 7644 §3.3). */
    public static Response created(GenericScimResource created) throws ScimException {
        return resource(Response.status(201).header(HttpHeaders.LOCATION, created.getMeta().getLocation()), created,
                AttributeProjection.DEFAULT);
    }

    /** An integer query parameter; a non-integer is 400 {@code invalidValue}. */
    public static Integer integer(String name, String value) throws BadRequestException {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidValue(name + " must be an integer, not '" + value + "'.");
        }
    }

    /** Attribute names of a SearchRequest body as paths. */
    public static List<Path> paths(Collection<String> names) throws BadRequestException {
        List<Path> paths = new ArrayList<>();
        if (names != null) {
            for (String name : names) {
                paths.add(Path.fromString(name));
            }
        }
        return paths;
    }

    /** Applies {@code attributes}/{@code excludedAttributes} to every resource of a list. */
    public static ListResponse<GenericScimResource> project(ListResponse<GenericScimResource> list,
            AttributeProjection projection) throws ScimException {
        if (projection.attributes().isEmpty() && projection.excluded().isEmpty()) {
            return list;
        }
        List<GenericScimResource> projected = new ArrayList<>(list.getResources().size());
        for (GenericScimResource resource : list.getResources()) {
            projected.add(projection.apply(resource));
        }
        return new ListResponse<>(list.getTotalResults(), projected, list.getStartIndex(), list.getItemsPerPage());
    }

    /** A single-resource response: the resource (projected), its ETag header, {@code application/scim+json}. */
    public static Response resource(Response.ResponseBuilder builder, GenericScimResource resource,
            AttributeProjection projection) throws ScimException {
        String version = resource.getMeta() == null ? null : resource.getMeta().getVersion();
        if (version != null) {
            boolean weak = version.startsWith("W/");
            String tag = weak ? version.substring(2) : version;
            builder.tag(new EntityTag(tag.replace("\"", ""), weak));
        }
        return builder.type(ScimJson.MEDIA_TYPE).entity(projection.apply(resource)).build();
    }
}
