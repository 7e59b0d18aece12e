package io.ivantiscim.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.mapping.ScimMapper;

/** Builds {@code POST /Bulk} bodies (RFC 7644 §3.7) for the bulk tests. */
final class BulkTesting {

    static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private final ObjectNode body = ScimMapper.MAPPER.createObjectNode();

    BulkTesting() {
        body.putArray("schemas").add(BULK_REQUEST);
        body.putArray("Operations");
    }

    BulkTesting failOnErrors(int n) {
        body.put("failOnErrors", n);
        return this;
    }

    private ArrayNode operations() {
        return body.withArray("Operations");
    }

    /** POST /Users with the minimal body the emulator accepts; {@code manager} (a value or null) is set as given. */
    BulkTesting user(String bulkId, String login, String manager) {
        ObjectNode data = ScimMapper.MAPPER.createObjectNode();
        data.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        data.put("userName", login);
        data.putObject("name").put("givenName", "Bulk").put("familyName", "Tester");
        data.putArray("emails").addObject().put("type", "work").put("value", login).put("primary", true);
        if (manager != null) {
            data.withArray("schemas").add(ENTERPRISE);
            data.putObject(ENTERPRISE).putObject("manager").put("value", manager);
        }
        return post("/Users", bulkId, data);
    }

    /** POST /Groups whose members are the given values ({@code bulkId:…} or ids). */
    BulkTesting group(String bulkId, String displayName, Iterable<String> members) {
        ObjectNode data = ScimMapper.MAPPER.createObjectNode();
        data.putArray("schemas").add(GroupTesting.GROUP);
        data.put("displayName", displayName);
        ArrayNode list = data.putArray("members");
        members.forEach(m -> list.addObject().put("value", m));
        return post("/Groups", bulkId, data);
    }

    BulkTesting post(String path, String bulkId, ObjectNode data) {
        ObjectNode op = operations().addObject().put("method", "POST").put("path", path);
        if (bulkId != null) {
            op.put("bulkId", bulkId);
        }
        op.set("data", data);
        return this;
    }

    /** PATCH with one replace of {@code attribute}. */
    BulkTesting patch(String path, String attribute, String value) {
        ObjectNode data = ScimMapper.MAPPER.createObjectNode();
        data.putArray("schemas").add(GroupTesting.PATCH_OP);
        data.putArray("Operations").addObject().put("op", "replace").put("path", attribute).put("value", value);
        operations().addObject().put("method", "PATCH").put("path", path).set("data", data);
        return this;
    }

    BulkTesting delete(String path) {
        operations().addObject().put("method", "DELETE").put("path", path);
        return this;
    }

    /** Any operation object, as a client may (mis)write it. */
    BulkTesting raw(ObjectNode operation) {
        operations().add(operation);
        return this;
    }

    String json() {
        return body.toString();
    }
}
