package io.ivantiscim.provisioning;

/**
 * Where a cursor page starts (RFC 9865): the page after (or before) the record with RecId {@code key}.
 *
 * @param forward true for the records after {@code key} in RecId order, false for those before it
 * @param key the RecId the page starts after (or ends before); null for the first page
 * @param seen how many matching records come before the page (for {@code totalResults})
 * @param total the {@code totalResults} known when the cursor was issued, or -1
 */
public record CursorPosition(boolean forward, String key, int seen, int total) {

    /** The first page of a cursor walk (an empty {@code cursor}). */
    public static final CursorPosition FIRST = new CursorPosition(true, null, 0, -1);
}
