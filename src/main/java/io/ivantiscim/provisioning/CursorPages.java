package io.ivantiscim.provisioning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;

import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.ODataPage;

/**
 * One cursor page (RFC 9865) read from Ivanti as a keyset walk: {@code $filter=(…) and RecId gt 'last'} with
 * {@code $orderby=RecId asc} and {@code $skip=0}, never an offset, so records inserted while a client walks neither
 * shift nor repeat what it sees, and memory holds one page whatever the size of the set. When Ivanti answers the
 * filter exactly, a page of {@code count} costs ⌈count/page-size⌉ calls; otherwise pages of the pushed-down superset
 * are read and re-checked until {@code count} records match, bounded by the scan limit. A previous page is the same
 * walk backwards ({@code RecId lt 'first'}, {@code desc}).
 */
final class CursorPages {

    /** Reads one Ivanti page: the caller adds {@code keyCondition} (null on the first page) to its own filter. */
    @FunctionalInterface
    interface Reader {

        ODataPage read(String keyCondition, String orderBy, int top) throws ScimException;
    }

    /** Turns one Ivanti page into resources, null for a row the SCIM filter does not match (same order). */
    @FunctionalInterface
    interface Converter<T> {

        List<T> convert(List<ObjectNode> rows) throws ScimException;
    }

    private CursorPages() {
    }

    /**
     * The page at {@code at}, with its {@code nextCursor} (absent on the last page) and {@code previousCursor}
     * (absent on the first).
     *
     * @param exact true when every row Ivanti returns matches, so a page asks for exactly what is missing
     * @param maxScan most rows read for one page when they have to be re-checked
     */
    static <T> ListResponse<T> page(Cursors cursors, String resourceType, ListQuery query, boolean exact,
            int pageSize, int maxScan, Reader reader, Converter<T> converter) throws ScimException {
        CursorPosition at = query.cursor();
        int count = query.count();
        if (count == 0) {
            // RFC 9865 §2: count=0 asks for totalResults only.
            ODataPage probe = reader.read(null, "RecId asc", 1);
            return new ListResponse<>((int) Math.max(probe.count(), probe.rows().size()), null, 0, null, null,
                    List.of());
        }
        String op = at.forward() ? " gt " : " lt ";
        String orderBy = at.forward() ? "RecId asc" : "RecId desc";
        List<T> items = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String key = at.key();
        long remaining = -1;
        boolean exhausted = false;
        int read = 0;
        while (items.size() < count && !exhausted) {
            int top = exact ? Math.min(pageSize, count - items.size()) : pageSize;
            ODataPage page = reader.read(key == null ? null : "RecId" + op + IvantiClient.literal(key), orderBy, top);
            if (remaining < 0 && read == 0) {
                remaining = page.count();
            }
            List<T> converted = converter.convert(page.rows());
            int consumed = 0;
            for (int i = 0; i < page.rows().size() && items.size() < count; i++) {
                consumed++;
                key = page.rows().get(i).path("RecId").asText();
                if (converted.get(i) != null) {
                    items.add(converted.get(i));
                    ids.add(key);
                }
            }
            exhausted = page.rows().size() < top && consumed == page.rows().size();
            read += page.rows().size();
            if (!exhausted && items.size() < count && read >= maxScan) {
                throw BadRequestException.tooMany("This page needs more than " + maxScan + " Ivanti records read "
                        + "and checked against the filter; narrow the filter with an eq comparison Ivanti can answer "
                        + "directly, or ask for a smaller count.");
            }
        }
        if (!at.forward()) {
            Collections.reverse(items);
            Collections.reverse(ids);
        }
        int r = items.size();
        String next;
        String previous;
        int total;
        if (at.forward()) {
            total = exact && remaining >= 0 ? at.seen() + (int) Math.max(remaining, r) : at.seen() + r;
            total = Math.max(total, at.total());
            next = exhausted
                    ? null
                    : cursors.write(resourceType, query.filter(), count,
                            new CursorPosition(true, key, at.seen() + r, total));
            previous = at.seen() == 0 || r == 0
                    ? null
                    : cursors.write(resourceType, query.filter(), count,
                            new CursorPosition(false, ids.get(0), at.seen(), total));
        } else {
            total = Math.max(at.total(), at.seen());
            int before = Math.max(0, at.seen() - r);
            next = cursors.write(resourceType, query.filter(), count,
                    new CursorPosition(true, r == 0 ? null : ids.get(r - 1), r == 0 ? 0 : at.seen(), total));
            previous = exhausted || r == 0
                    ? null
                    : cursors.write(resourceType, query.filter(), count,
                            new CursorPosition(false, ids.get(0), before, total));
        }
        return new ListResponse<>(total, null, r, previous, next, items);
    }
}
