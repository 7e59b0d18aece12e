package io.ivantiscim.provisioning;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.SortOrder;

/**
 * A validated list or search request (RFC 7644 §3.4.2).
 *
 * @param filter the parsed filter, or null for all users
 * @param startIndex 1-based index of the first result
 * @param count how many results, already capped at bridge.scim.max-results
 * @param sortBy the attribute to sort by, or null
 * @param sortOrder ascending unless asked otherwise
 */
public record UserSearch(Filter filter, int startIndex, int count, Path sortBy, SortOrder sortOrder) {
}
