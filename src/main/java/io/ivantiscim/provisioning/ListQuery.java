package io.ivantiscim.provisioning;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.SortOrder;

/**
 * A validated list or search request (RFC 7644 §3.4.2) for any resource type: {@code GET /Users}, {@code GET /Groups}
 * and their {@code POST /.search} forms all arrive here in the same shape.
 *
 * @param filter the parsed filter, or null for every resource
 * @param startIndex 1-based index of the first result
 * @param count how many results, already capped at bridge.scim.max-results
 * @param sortBy the attribute to sort by, or null
 * @param sortOrder ascending unless asked otherwise
 * @param cursor where a cursor page (RFC 9865) starts, already checked; null for index paging
 */
public record ListQuery(Filter filter, int startIndex, int count, Path sortBy, SortOrder sortOrder,
        CursorPosition cursor) {

    /** An index-paged query (RFC 7644 §3.4.2.4). */
    public ListQuery(Filter filter, int startIndex, int count, Path sortBy, SortOrder sortOrder) {
        this(filter, startIndex, count, sortBy, sortOrder, null);
    }
}
