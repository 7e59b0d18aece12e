package io.ivantiscim.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The IdP side: SCIM requests shaped as Okta and Entra send them, each answer checked for status and identity. */
final class Scim {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Http http;
    private final String base;
    private final String bearer;

    Scim(Http http, String base, String token) {
        this.http = http;
        this.base = base;
        this.bearer = "Bearer " + token;
    }

    /** Okta's POST /Users body (docs/idp-contracts.md §2 item 7, src/test/resources/idp/okta-create-user.json). */
    static String oktaUser(String login, int i) {
        ObjectNode u = JSON.createObjectNode();
        u.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        u.put("userName", login);
        u.putObject("name").put("givenName", "Ada" + i).put("familyName", "Lovelace");
        u.putArray("emails").addObject().put("primary", true).put("value", login).put("type", "work");
        u.put("displayName", "Ada" + i + " Lovelace");
        u.put("locale", "en-US");
        u.put("externalId", "00u" + Integer.toHexString(login.hashCode()) + "x" + i);
        u.putArray("groups");
        u.put("password", "1mz050nq");
        u.put("active", true);
        return u.toString();
    }

    /** Entra's default (2017) dialect: title-cased op, "False" as a string. */
    static final String ENTRA_DISABLE = "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Replace\","
            + "\"path\":\"active\",\"value\":\"False\"}]}";
    /** Okta's deactivate: no path, a real boolean. */
    static final String OKTA_DISABLE = "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\","
            + "\"value\":{\"active\":false}}]}";

    /** POST /Users; answers the id, or throws with the reason. */
    String create(String login, String body) throws Exception {
        Http.Response r = send("POST", "/Users", body);
        JsonNode b = r.status() == 201 ? JSON.readTree(r.body()) : null;
        if (b == null || !b.path("userName").asText().equalsIgnoreCase(login) || b.path("id").asText().isEmpty()
                || !b.path("active").asBoolean(false)) {
            throw new IllegalStateException("create " + login + " → " + r.status() + " " + Ivanti.cut(r.body()));
        }
        return b.path("id").asText();
    }

    /** Okta's look-up: filter userName eq (mixed case), startIndex=1, count=100; exactly the expected user. */
    String lookup(String userNameAnyCase, String expectedId) throws Exception {
        Http.Response r = send("GET", "/Users?filter=" + Ivanti.enc("userName eq \"" + userNameAnyCase + "\"")
                + "&startIndex=1&count=100", null);
        if (r.status() != 200) {
            return "lookup → " + r.status() + " " + Ivanti.cut(r.body());
        }
        JsonNode b = JSON.readTree(r.body());
        JsonNode res = b.path("Resources");
        return b.path("totalResults").asInt(-1) == 1 && res.size() == 1
                && res.get(0).path("id").asText().equals(expectedId)
                && res.get(0).path("userName").asText().equalsIgnoreCase(userNameAnyCase)
                        ? null
                        : "lookup " + userNameAnyCase + " → totalResults " + b.path("totalResults") + ", "
                                + res.size() + " resources";
    }

    String get(String id, String login) throws Exception {
        fetch(id, login);
        return null;
    }

    /** GET /Users/{id}; answers the resource (Okta's PUT echoes it), or throws when it is not the user asked for. */
    ObjectNode fetch(String id, String login) throws Exception {
        Http.Response r = send("GET", "/Users/" + id, null);
        if (r.status() != 200) {
            throw new IllegalStateException("get → " + r.status() + " " + Ivanti.cut(r.body()));
        }
        JsonNode b = JSON.readTree(r.body());
        if (!b.isObject() || !b.path("id").asText().equals(id)
                || !b.path("userName").asText().equalsIgnoreCase(login)) {
            throw new IllegalStateException("get " + id + " → another resource");
        }
        return (ObjectNode) b;
    }

    /**
     * Okta's profile update of an OIN app (docs/idp-contracts.md §2 item 11): the resource as GET answered it, id,
     * groups and meta echoed, with a new first name, sent as a full-replace PUT.
     */
    static String oktaReplace(ObjectNode fetched, String givenName) {
        ObjectNode u = fetched.deepCopy();
        u.withObjectProperty("name").put("givenName", givenName);
        return u.toString();
    }

    /** PUT /Users/{id}: 200 with the same user, the new first name and still active. */
    String replace(String id, String body, String givenName) throws Exception {
        Http.Response r = send("PUT", "/Users/" + id, body);
        if (r.status() != 200) {
            return "put → " + r.status() + " " + Ivanti.cut(r.body());
        }
        JsonNode b = JSON.readTree(r.body());
        return b.path("id").asText().equals(id) && b.path("name").path("givenName").asText().equals(givenName)
                && b.path("active").asBoolean(false)
                        ? null
                        : "put " + id + " → givenName " + b.path("name").path("givenName") + ", active "
                                + b.path("active");
    }

    String deactivate(String id, String body) throws Exception {
        Http.Response r = send("PATCH", "/Users/" + id, body);
        if (r.status() != 200) {
            return "patch → " + r.status() + " " + Ivanti.cut(r.body());
        }
        JsonNode b = JSON.readTree(r.body());
        return b.path("id").asText().equals(id) && b.path("active").isBoolean() && !b.path("active").asBoolean()
                ? null
                : "patch " + id + " → active " + b.path("active");
    }

    String delete(String id) throws Exception {
        Http.Response r = send("DELETE", "/Users/" + id, null);
        return r.status() == 204 ? null : "delete → " + r.status() + " " + Ivanti.cut(r.body());
    }

    /** 404 after a delete (checked on a sample, outside the timed phase). */
    int status(String path) throws Exception {
        return send("GET", path, null).status();
    }

    /** One import page; answers the ids, or throws when the page is not what was asked for. */
    List<String> page(int startIndex, int count, int expectedTotal) throws Exception {
        Http.Response r = send("GET", "/Users?startIndex=" + startIndex + "&count=" + count, null);
        if (r.status() != 200) {
            throw new IllegalStateException("page " + startIndex + " → " + r.status() + " " + Ivanti.cut(r.body()));
        }
        JsonNode b = JSON.readTree(r.body());
        int expected = Math.max(0, Math.min(count, expectedTotal - startIndex + 1));
        JsonNode res = b.path("Resources");
        if (!b.path("totalResults").isInt() || b.path("totalResults").asInt() != expectedTotal
                || b.path("startIndex").asInt() != startIndex || res.size() != expected
                || b.path("itemsPerPage").asInt() != expected) {
            throw new IllegalStateException("page " + startIndex + "/" + count + " → totalResults "
                    + b.path("totalResults") + " itemsPerPage " + b.path("itemsPerPage") + " resources " + res.size()
                    + ", expected " + expected + " of " + expectedTotal);
        }
        List<String> ids = new ArrayList<>(res.size());
        res.forEach(u -> ids.add(u.path("id").asText()));
        return ids;
    }

    int total() throws Exception {
        Http.Response r = send("GET", "/Users?startIndex=1&count=0", null);
        return JSON.readTree(r.body()).path("totalResults").asInt(-1);
    }

    /** True when /ResourceTypes declares a Group resource type. */
    boolean groupsAvailable() throws Exception {
        Http.Response r = send("GET", "/ResourceTypes", null);
        if (r.status() != 200) {
            return false;
        }
        for (JsonNode t : JSON.readTree(r.body()).path("Resources")) {
            if (t.path("name").asText().equals("Group") || t.path("endpoint").asText().equals("/Groups")) {
                return true;
            }
        }
        return false;
    }

    /** POST /Groups (Okta Push Groups shape); answers the id. */
    String createGroup(String displayName) throws Exception {
        ObjectNode g = JSON.createObjectNode();
        g.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
        g.put("displayName", displayName);
        g.putArray("members");
        Http.Response r = send("POST", "/Groups", g.toString());
        JsonNode b = r.status() == 201 ? JSON.readTree(r.body()) : null;
        if (b == null || b.path("id").asText().isEmpty() || !b.path("displayName").asText().equals(displayName)) {
            throw new IllegalStateException("create group → " + r.status() + " " + Ivanti.cut(r.body()));
        }
        return b.path("id").asText();
    }

    /** A group member as Okta sends it: {@code value} (our id) and {@code display}, no {@code type}. */
    record Member(String id, String display) {
    }

    /**
     * Okta's membership push (docs/idp-contracts.md §2 item 22): one {@code add} with {@code path:"members"} and a
     * value array of {@code {value, display}}; 204, or 200 with the group. {@code timeout} bounds the one request.
     */
    String addMembers(String groupId, List<Member> members, Duration timeout) throws Exception {
        ObjectNode p = JSON.createObjectNode();
        p.putArray("schemas").add(PATCH_OP);
        ObjectNode op = p.putArray("Operations").addObject().put("op", "add").put("path", "members");
        ArrayNode values = op.putArray("value");
        members.forEach(m -> values.addObject().put("value", m.id()).put("display", m.display()));
        Http.Response r = send("PATCH", "/Groups/" + groupId, p.toString(), timeout);
        if (r.status() == 204) {
            return null;
        }
        if (r.status() == 200) {
            JsonNode b = JSON.readTree(r.body());
            return b.path("id").asText().equals(groupId) ? null : "add members → another group";
        }
        return "add members → " + r.status() + " " + Ivanti.cut(r.body());
    }

    String addMembers(String groupId, List<Member> members) throws Exception {
        return addMembers(groupId, members, Duration.ofSeconds(60));
    }

    /** One page of users as members-to-be: id and userName (the {@code display} Okta sends). */
    List<Member> members(int startIndex, int count) throws Exception {
        Http.Response r = send("GET", "/Users?startIndex=" + startIndex + "&count=" + count, null);
        if (r.status() != 200) {
            throw new IllegalStateException("members page " + startIndex + " → " + r.status() + " "
                    + Ivanti.cut(r.body()));
        }
        List<Member> out = new ArrayList<>();
        JSON.readTree(r.body()).path("Resources")
                .forEach(u -> out.add(new Member(u.path("id").asText(), u.path("userName").asText())));
        return out;
    }

    /** The member count as GET /Groups/{id} reports it (checked after the timed phase), or -1. */
    int memberCount(String groupId) throws Exception {
        Set<String> ids = memberIds(groupId);
        return ids == null ? -1 : ids.size();
    }

    /** The distinct member ids GET /Groups/{id} answers, or null when it does not answer 200. */
    Set<String> memberIds(String groupId) throws Exception {
        Http.Response r = send("GET", "/Groups/" + groupId, null, Duration.ofSeconds(120));
        if (r.status() != 200) {
            return null;
        }
        Set<String> ids = new HashSet<>();
        JSON.readTree(r.body()).path("members").forEach(m -> ids.add(m.path("value").asText()));
        return ids;
    }

    private Http.Response send(String method, String path, String body) throws Exception {
        return send(method, path, body, TIMEOUT);
    }

    private Http.Response send(String method, String path, String body, Duration timeout) throws Exception {
        return http.send(method, base + path, body, timeout, "Authorization", bearer, "Content-Type",
                "application/scim+json", "Accept", "application/scim+json");
    }
}
