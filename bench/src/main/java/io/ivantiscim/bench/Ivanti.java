package io.ivantiscim.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.ivantiscim.mapping.AttributeRule;
import io.ivantiscim.mapping.EmployeeMapper;
import io.ivantiscim.mapping.ODataFilterTranslator;
import io.ivantiscim.mapping.UserMapping;

/**
 * The direct-Ivanti baseline: the same OData calls the bridge makes for each SCIM operation (same {@code $filter},
 * {@code $select}, {@code $orderby}, {@code $top}/{@code $skip}, same write bodies), sent straight to the emulator.
 * The calls are built with the bridge's own mapping classes (default rule table), so they cannot drift from what the
 * bridge sends; the per-phase Ivanti call counts of both sides are reported next to each other as a cross-check.
 */
final class Ivanti {

    static final ObjectMapper SCIM_JSON = JsonUtils.createObjectMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bridge's default bridge.users.deleted-status. */
    static final String DELETED_STATUS = "Terminated";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Http http;
    private final String employees;
    private final String auth;
    private final UserMapping mapping = UserMapping.of(UserMapping.Settings.defaults());
    private final EmployeeMapper mapper = EmployeeMapper.of(mapping, ZoneId.of("UTC"));
    private final ODataFilterTranslator translator = new ODataFilterTranslator(mapping);
    private final String select = String.join(",", mapping.selectFields());
    private final String loginField = field("userName");
    private final String statusField = field("active");

    Ivanti(Http http, String tenantUrl, String apiKey) {
        this.http = http;
        this.employees = tenantUrl + "/api/odata/businessobject/employees";
        this.auth = "rest_api_key=" + apiKey;
    }

    /** POST /Users = uniqueness read ($top=2) + create. Answers the new RecId. */
    String create(String oktaBody) throws Exception {
        ObjectNode fields = mapper.toEmployee(new GenericScimResource(SCIM_JSON.readValue(oktaBody, ObjectNode.class)),
                false);
        String login = fields.path(loginField).asText();
        Http.Response probe = get(query(loginField + " eq " + literal(login), null, 2, 0));
        if (probe.status() != 200 || !probe.body().isEmpty()) {
            throw new IllegalStateException("uniqueness read: " + probe.status() + " " + cut(probe.body()));
        }
        Http.Response r = send("POST", employees, fields.toString());
        JsonNode body = r.status() == 201 || r.status() == 200 ? JSON.readTree(r.body()) : null;
        if (body == null || !body.path(loginField).asText().equalsIgnoreCase(login)) {
            throw new IllegalStateException("create: " + r.status() + " " + cut(r.body()));
        }
        return body.path("RecId").asText();
    }

    /** GET /Users?filter=userName eq "x"&startIndex=1&count=100 = one list call; answers null when right. */
    String lookup(String userName, String expectedId) throws Exception {
        String filter = translator.translate("userName eq \"" + userName.replace("\"", "\\\"") + "\"").filter()
                .orElseThrow();
        JsonNode rows = rows(get(query(visible(filter), "RecId asc", 100, 0)));
        return rows.size() == 1 && rows.get(0).path("RecId").asText().equals(expectedId)
                ? null
                : "lookup " + userName + " → " + rows.size() + " rows";
    }

    /** GET /Users/{id} = one RecId eq read. */
    String getById(String id) throws Exception {
        JsonNode row = read(id);
        return row != null && row.path("RecId").asText().equals(id) ? null : "get " + id + " → no row";
    }

    /**
     * PUT /Users/{id} (full replace) = read + one write of the fields that differ from the row, as the bridge's
     * UserService diffs them ({@link EmployeeMapper#changes}); nothing differing, nothing written.
     */
    String replace(String id, String scimBody) throws Exception {
        ObjectNode fields = mapper.toEmployee(new GenericScimResource(SCIM_JSON.readValue(scimBody, ObjectNode.class)),
                true);
        JsonNode row = read(id);
        if (!(row instanceof ObjectNode employee) || !row.path("RecId").asText().equals(id)) {
            return "read " + id + " → no row";
        }
        ObjectNode changes = EmployeeMapper.changes(employee, fields);
        if (changes.isEmpty()) {
            return "put " + id + " → nothing to change (the bench's PUT always changes the first name)";
        }
        Http.Response r = send("PATCH", employees + "('" + id + "')", changes.toString());
        return r.status() == 200 ? null : "write " + id + " → " + r.status() + " " + cut(r.body());
    }

    /** PATCH active=false = read + write of the changed field. */
    String deactivate(String id) throws Exception {
        return readThenWrite(id, mapping.inactiveValue());
    }

    /** DELETE (soft) = read + write of the deleted status. */
    String softDelete(String id) throws Exception {
        return readThenWrite(id, DELETED_STATUS);
    }

    /** One Ivanti page of the visible-user import ($top ≤ 100). Answers the rows. */
    JsonNode importPage(int top, int skip) throws Exception {
        return rows(get(query(visible(null), "RecId asc", top, skip)));
    }

    private String readThenWrite(String id, String status) throws Exception {
        JsonNode row = read(id);
        if (row == null || !row.path("RecId").asText().equals(id)) {
            return "read " + id + " → no row";
        }
        ObjectNode change = JSON.createObjectNode().put(statusField, status);
        Http.Response r = send("PATCH", employees + "('" + id + "')", change.toString());
        return r.status() == 200 && JSON.readTree(r.body()).path(statusField).asText().equals(status)
                ? null
                : "write " + id + " → " + r.status() + " " + cut(r.body());
    }

    private JsonNode read(String id) throws Exception {
        JsonNode rows = rows(get(query("RecId eq " + literal(id), null, 1, 0)));
        return rows.size() == 0 ? null : rows.get(0);
    }

    private String visible(String filter) {
        String hidden = statusField + " ne " + literal(DELETED_STATUS);
        return filter == null ? hidden : "(" + filter + ") and " + hidden;
    }

    private String query(String filter, String orderBy, int top, int skip) {
        Map<String, String> q = new LinkedHashMap<>();
        if (filter != null) {
            q.put("$filter", filter);
        }
        q.put("$select", select);
        if (orderBy != null) {
            q.put("$orderby", orderBy);
        }
        q.put("$top", String.valueOf(top));
        q.put("$skip", String.valueOf(skip));
        StringBuilder sb = new StringBuilder(employees).append('?');
        q.forEach((k, v) -> sb.append(enc(k)).append('=').append(enc(v)).append('&'));
        return sb.substring(0, sb.length() - 1);
    }

    private Http.Response get(String url) throws Exception {
        return send("GET", url, null);
    }

    private Http.Response send(String method, String url, String body) throws Exception {
        return http.send(method, url, body, TIMEOUT, "Authorization", auth, "Accept", "application/json",
                "Content-Type", "application/json");
    }

    /** Ivanti answers "no rows" as 200 with an empty body (docs/ivanti-api.md row 9). */
    private static JsonNode rows(Http.Response r) throws Exception {
        if (r.status() == 204 || (r.status() == 200 && r.body().isEmpty())) {
            return JSON.createArrayNode();
        }
        if (r.status() != 200) {
            throw new IllegalStateException("list: " + r.status() + " " + cut(r.body()));
        }
        return JSON.readTree(r.body()).path("value");
    }

    private String field(String scimPath) {
        List<AttributeRule> rules = mapping.rules();
        return rules.stream().filter(r -> r.scimPath().toString().equalsIgnoreCase(scimPath)).findFirst()
                .orElseThrow().field();
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String cut(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
    }
}
