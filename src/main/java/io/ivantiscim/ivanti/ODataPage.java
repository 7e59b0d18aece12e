package io.ivantiscim.ivanti;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One page of an OData collection.
 *
 * @param rows the records; empty for Ivanti's empty body or 204 (docs/ivanti-api.md §8.1)
 * @param count Ivanti's {@code @odata.count}, which can lie low (§2.2): treat as a floor; -1 when absent
 */
public record ODataPage(List<ObjectNode> rows, long count) {

    public ODataPage {
        rows = List.copyOf(rows);
    }

    /** A page with no rows. */
    public static ODataPage empty() {
        return new ODataPage(List.of(), 0);
    }
}
