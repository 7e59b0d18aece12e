package io.ivantiscim.ivanti;

import java.nio.charset.StandardCharsets;
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
 * @param count whether to ask for {@code @odata.count} ({@code $count=true}): some tenants send it only when asked
 *        (docs/ivanti-api.md §11), so every read whose total is reported asks
 */
public record ODataRequest(String filter, String search, List<String> select, String orderBy, int top, int skip,
        boolean count) {

    public ODataRequest {
        select = List.copyOf(select);
        if (select.isEmpty()) {
            throw new IllegalArgumentException("$select must name at least one field");
        }
    }

    /** A read that needs no total. */
    public ODataRequest(String filter, String search, List<String> select, String orderBy, int top, int skip) {
        this(filter, search, select, orderBy, top, skip, false);
    }

    /** The same read, asking for {@code @odata.count}. */
    public ODataRequest counted() {
        return new ODataRequest(filter, search, select, orderBy, top, skip, true);
    }

    String selectParam() {
        return select(select).joined();
    }

    /** A {@code $select} value: the fields joined, percent-encoded ({@link IvantiHttp#encode}) and measured. */
    record Select(List<String> fields, String joined, String encoded, int encodedLength) {
    }

    /**
     * The last field list's {@code $select}, kept by identity: every User read selects the mapping's one list, and
     * joining, encoding and measuring its ~30 names on each call was a visible share of a read's allocations
     * (issue 14). Another list (a Group read, a RecId-only count) replaces it; nothing grows.
     */
    private static volatile Select lastSelect;

    static Select select(List<String> fields) {
        Select last = lastSelect;
        if (last != null && last.fields() == fields) {
            return last;
        }
        String joined = String.join(",", fields);
        Select made = new Select(fields, joined, IvantiHttp.encode(joined), encodedLength(joined));
        lastSelect = made;
        return made;
    }

    /**
     * The length of this request's query string as it goes on the wire, counted the way it can be longest: every
     * byte but the RFC 3986 unreserved characters percent-encoded (three characters), {@code $} in names too.
     */
    public int encodedQueryLength() {
        String[][] params = {{"$filter", filter}, {"$search", search}, {"$orderby", orderBy},
                {"$top", Integer.toString(top)}, {"$skip", Integer.toString(skip)}};
        int length = encodedLength("$select") + 1 + select(select).encodedLength();
        for (String[] p : params) {
            if (p[1] != null) {
                length += 1 + encodedLength(p[0]) + 1 + encodedLength(p[1]);
            }
        }
        return length;
    }

    private static int encodedLength(String value) {
        int length = 0;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            boolean unreserved = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '.' || b == '_' || b == '~';
            length += unreserved ? 1 : 3;
        }
        return length;
    }
}
