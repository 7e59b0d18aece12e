package io.ivantiscim.ivanti;

import io.ivantiscim.ivanti.IvantiHttp.Answer;
import io.ivantiscim.ivanti.IvantiHttp.Route;

/**
 * Ivanti's OData business-object API ({@code docs/ivanti-api.md} §2, §4, §5, §6), relative to the tenant's
 * business-object root, over {@link IvantiHttp}. Every method answers the raw {@link Answer}: Ivanti's "no rows" comes
 * as an empty 200 body or a 204, and its errors as 400s that {@link IvantiResponses} reads, so nothing here throws on
 * status. A record is never read by key: {@code $select} on a single-record GET answers only the context (row 15), so
 * reads go through {@link #list}. Path values (entity sets, record ids, relationship names) and query values are
 * percent-encoded, so no value can add a segment or a parameter (§8.4). Package-private: only the decorator, which owns
 * auth and fault tolerance, calls it.
 */
final class IvantiODataApi {

    private final IvantiHttp http;

    IvantiODataApi(IvantiHttp http) {
        this.http = http;
    }

    Answer list(String what, String set, String authorization, String filter, String search,
            ODataRequest.Select select, String orderBy, Integer top, Integer skip, String count) {
        StringBuilder uri = http.path().append(IvantiHttp.encode(set));
        StringBuilder q = new StringBuilder(192 + select.encoded().length());
        IvantiHttp.param(q, "$filter", filter);
        IvantiHttp.param(q, "$search", search);
        q.append(q.isEmpty() ? '?' : '&').append("$select=").append(select.encoded());
        IvantiHttp.param(q, "$orderby", orderBy);
        IvantiHttp.param(q, "$top", top);
        IvantiHttp.param(q, "$skip", skip);
        IvantiHttp.param(q, "$count", count);
        return http.send(what, Route.LIST, uri.append(q).toString(), authorization, null);
    }

    Answer create(String what, String set, String authorization, byte[] body) {
        return http.send(what, Route.CREATE, http.path().append(IvantiHttp.encode(set)).toString(), authorization,
                body);
    }

    Answer update(String what, String set, String id, String authorization, byte[] body) {
        return http.send(what, Route.UPDATE, record(set, id).toString(), authorization, body);
    }

    Answer delete(String what, String set, String id, String authorization) {
        return http.send(what, Route.DELETE, record(set, id).toString(), authorization, null);
    }

    Answer related(String what, String set, String id, String relationship, String authorization, String select,
            Integer top, Integer skip) {
        StringBuilder uri = record(set, id).append('/').append(IvantiHttp.encode(relationship));
        StringBuilder q = new StringBuilder(64);
        IvantiHttp.param(q, "$select", select);
        IvantiHttp.param(q, "$top", top);
        IvantiHttp.param(q, "$skip", skip);
        return http.send(what, Route.RELATED, uri.append(q).toString(), authorization, null);
    }

    Answer link(String what, String set, String id, String relationship, String otherId, String authorization) {
        return http.send(what, Route.LINK, ref(set, id, relationship, otherId), authorization, null);
    }

    Answer unlink(String what, String set, String id, String relationship, String otherId, String authorization) {
        return http.send(what, Route.UNLINK, ref(set, id, relationship, otherId), authorization, null);
    }

    /** {@code GET /api/odata/{set}/$metadata}: EDMX XML (row 24; asking for JSON gets a 500). */
    Answer metadata(String what, String set, String authorization) {
        return http.send(what, Route.METADATA, http.metadataPath(set), authorization, null);
    }

    private StringBuilder record(String set, String id) {
        return http.path().append(IvantiHttp.encode(set)).append("('").append(IvantiHttp.encode(id)).append("')");
    }

    private String ref(String set, String id, String relationship, String otherId) {
        return record(set, id).append('/').append(IvantiHttp.encode(relationship)).append("('")
                .append(IvantiHttp.encode(otherId)).append("')/$Ref").toString();
    }
}
