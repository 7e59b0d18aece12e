package io.ivantiscim.ivanti;

import java.util.List;

/**
 * One OData collection query. Values are raw (not URL-encoded): the REST client encodes each as a single query
 * parameter, so nothing inside a filter literal can add or change a parameter (docs/ivanti-api.md §8.4).
 *
 * @param filter {@code $filter} or null
 * @param search {@code $search} or null
 * @param select the fields to {@code $select}; never empty, because a full Employee is ~180 fields (§2.2)
 * @param orderBy {@code $orderby} or null
 * @param top {@code $top}, at most the tenant's page limit
 * @param skip {@code $skip}
 */
public record ODataRequest(String filter, String search, List<String> select, String orderBy, int top, int skip) {

    public ODataRequest {
        select = List.copyOf(select);
        if (select.isEmpty()) {
            throw new IllegalArgumentException("$select must name at least one field");
        }
    }

    String selectParam() {
        return String.join(",", select);
    }
}
