package io.ivantiscim.scim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.ivantiscim.provisioning.CursorPosition;
import io.ivantiscim.provisioning.Cursors;
import io.ivantiscim.provisioning.ListQuery;

/**
 * What the Users and Groups resources share: reading list and search parameters (RFC 7644 §3.4.2) into a validated
 * query, and shaping single-resource and list responses (ETag, projection, media type).
 */
@Singleton
public class ScimRequests {

    /** Largest {@code startIndex} accepted; no tenant holds a billion records, and offset plus count stays an int. */
    static final int MAX_START_INDEX = 1_000_000_000;
    /** {@link ScimJson#MEDIA_TYPE} parsed once, not on every answer. */
    private static final MediaType SCIM_JSON = new MediaType("application", "scim+json");

    private final BridgeConfig config;
    private final Cursors cursors;

    ScimRequests(BridgeConfig config, Cursors cursors) {
        this.config = config;
        this.cursors = cursors;
    }

    /**
     * A validated list query; the filter may be text or already parsed (a SearchRequest body). A {@code cursor}
     * (RFC 9865; empty for the first page) asks for cursor paging, which is checked here; null means index paging.
     *
     * @param resourceType {@code Users} or {@code Groups}: a cursor is valid only for the resource type it came from
     */
    public ListQuery search(String resourceType, Object filter, Integer startIndex, Integer count, String sortBy,
            String sortOrder, String cursor) throws ScimException {
        int maxLength = config.scim().maxFilterLength();
        if (filter instanceof String text && text.length() > maxLength) {
            throw BadRequestException.invalidFilter("A filter may have at most " + maxLength
                    + " characters (bridge.scim.max-filter-length); this one has " + text.length() + ".");
        }
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
        if (start > MAX_START_INDEX) {
            // startIndex - 1 + count is an Ivanti $skip and must stay an int: 2147483647 overflowed it (issue 15).
            throw BadRequestException.invalidValue("startIndex must be at most " + MAX_START_INDEX + ".");
        }
        int max = config.scim().maxResults();
        int size = count == null ? Math.min(config.scim().defaultCount(), max) : Math.max(0, Math.min(count, max));
        SortOrder order = sortOrder == null || sortOrder.isBlank() ? SortOrder.ASCENDING : switch (sortOrder.trim()) {
            case "ascending" -> SortOrder.ASCENDING;
            case "descending" -> SortOrder.DESCENDING;
            default -> throw BadRequestException.invalidValue("sortOrder must be 'ascending' or 'descending'.");
        };
        Path sort = sortBy == null || sortBy.isBlank() ? null : path(sortBy);
        if (cursor == null) {
            return new ListQuery(parsed, start, size, sort, order);
        }
        // RFC 9865 §2.4: startIndex and cursor each select a pagination method; both at once is no valid request.
        if (startIndex != null) {
            throw BadRequestException.invalidValue("startIndex (index paging) and cursor (cursor paging, RFC 9865) "
                    + "cannot be combined: send one of them.");
        }
        // Cursor pages are in RecId order: a keyset on another attribute needs an or-group, which Ivanti does not
        // evaluate reliably (docs/ivanti-api.md §2.2, parentheses), so sorted pages use index paging.
        if (sort != null) {
            throw BadRequestException.invalidValue("Cursor pages come in id order; sortBy is supported with index "
                    + "paging (startIndex) only.");
        }
        CursorPosition position = cursors.read(resourceType, parsed, size, cursor);
        return new ListQuery(parsed, 1, size, null, order, position);
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

    /** The list query of a {@code POST /.search} body (RFC 7644 §3.4.3, RFC 9865 §3), validated as the GET form is. */
    public ListQuery search(String resourceType, SearchRequest request) throws ScimException {
        return search(resourceType, request.getFilter(), request.getStartIndex(), request.getCount(),
                request.getSortBy(), request.getSortOrder() == null ? null : request.getSortOrder().getName(),
                request.getCursor());
    }

    /** The {@code attributes} / {@code excludedAttributes} of a {@code POST /.search} body. */
    public static AttributeProjection projection(SearchRequest request) throws BadRequestException {
        return new AttributeProjection(paths(request.getAttributes()), paths(request.getExcludedAttributes()));
    }

    /** 201 with {@code Location} and the created resource (RFC 7644 §3.3). */
    public static Response created(GenericScimResource created) throws ScimException {
        return resource(Response.status(201).header(HttpHeaders.LOCATION, meta(created, "location")), created,
                AttributeProjection.DEFAULT);
    }

    /**
     * A {@code meta} sub-attribute as text, read from the resource's JSON. Not {@link GenericScimResource#getMeta}:
     * that binds the whole {@code meta} object to the SDK's {@code Meta} bean, whose date deserializer tries each date
     * as a number first and throws (and catches) a parse exception for every ISO date: two exceptions with stack
     * traces per answer, 5.9 % of the request threads' samples in the IdP-day profile (issue 14).
     */
    static String meta(GenericScimResource resource, String attribute) {
        JsonNode value = resource.getObjectNode().path("meta").get(attribute);
        return value == null || !value.isTextual() ? null : value.textValue();
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

    /**
     * The {@code cursor} query parameter: empty for {@code ?cursor} and {@code ?cursor=} (RFC 9865 §2: the first page),
     * null when absent (index paging). JAX-RS reads an empty parameter as absent, so the query is asked directly.
     */
    public static String cursor(UriInfo uri) {
        List<String> values = uri.getQueryParameters().get("cursor");
        return values == null ? null : values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    /** Attribute names of a SearchRequest body as paths. */
    public static List<Path> paths(Collection<String> names) throws BadRequestException {
        List<Path> paths = new ArrayList<>();
        if (names != null) {
            for (String name : names) {
                paths.add(path(name));
            }
        }
        return paths;
    }

    private static Path path(String text) throws BadRequestException {
        ODataFilterTranslator.checkNesting(text, "attribute path");
        return Path.fromString(text);
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
        return new ListResponse<>(list.getTotalResults(), list.getStartIndex(), list.getItemsPerPage(),
                list.getPreviousCursor(), list.getNextCursor(), projected);
    }

    /** A single-resource response: the resource (projected), its ETag header, {@code application/scim+json}. */
    public static Response resource(Response.ResponseBuilder builder, GenericScimResource resource,
            AttributeProjection projection) throws ScimException {
        String version = meta(resource, "version");
        if (version != null) {
            boolean weak = version.startsWith("W/");
            String tag = weak ? version.substring(2) : version;
            builder.tag(new EntityTag(tag.replace("\"", ""), weak));
        }
        return builder.type(SCIM_JSON).entity(projection.apply(resource)).build();
    }
}
