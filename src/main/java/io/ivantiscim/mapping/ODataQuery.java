package io.ivantiscim.mapping;

import java.util.Optional;

/**
 * What a SCIM filter pushes down to Ivanti.
 *
 * @param filter the raw {@code $filter} text (not URL-encoded; the REST client encodes it as one query parameter)
 * @param search a {@code $search} term (case-insensitive word prefix, docs/ivanti-api.md row 16)
 * @param exact true when Ivanti returns exactly the SCIM result set; otherwise a superset the bridge must re-check
 */
public record ODataQuery(Optional<String> filter, Optional<String> search, boolean exact) {

    /** Nothing pushed down: read everything and filter in the bridge. */
    public static final ODataQuery NONE = new ODataQuery(Optional.empty(), Optional.empty(), false);
}
