package io.ivantiscim.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A black-box SCIM conformance suite: HTTP only, driven by what the server itself publishes in {@code /Schemas} and
 * {@code /ResourceTypes} (RFC 7643 §6–7), so that it runs unchanged against the bridge in {@code @QuarkusTest}, the
 * packaged jar, or any deployment ({@code make conformance URL=… TOKEN=…}).
 * <p>
 * For every resource type it creates a resource from the {@code required} attributes only, round-trips
 * {@code add}/{@code replace}/{@code remove} of every {@code readWrite} attribute and sub-attribute (extensions
 * included), checks {@code attributes}/{@code excludedAttributes} on GET by id, on lists and on {@code POST /.search},
 * PUT, and DELETE → 404. Then Okta's and Entra's request sequences are replayed with the bodies their documentation
 * gives (src/test/resources/idp/, ../shared/docs/idp-contracts.md). Every check makes its own resources.
 * <p>
 * Values are generated from the attribute definitions. A string attribute reuses values other resources of the
 * same type already hold where there are some (Ivanti stores a picklist value it does not know as nothing, so an
 * invented department would not read back on a real tenant), unless the attribute is unique or looks like an email.
 */
public abstract class ConformanceChecks {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> firstPages = new java.util.concurrent.ConcurrentHashMap<>();

    /** The SCIM base URL, or {@code null} for the application under test ({@code /scim/v2} on RestAssured's port). */
    protected abstract String baseUrl();

    /** The bearer token. */
    protected abstract String token();

    /** A request as an IdP sends it. */
    protected RequestSpecification scim() {
        RequestSpecification spec = given();
        spec = baseUrl() == null ? spec.basePath("/scim/v2") : spec.baseUri(baseUrl()).basePath("");
        return spec.auth().oauth2(token()).contentType("application/scim+json").accept("application/scim+json");
    }

    // ------------------------------------------------------------------------------------------------- discovery

    @Test
    void discoveryEndpointsAnswerListResponses() {
        scim().get("/ServiceProviderConfig").then().statusCode(200)
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"));
        scim().get("/Schemas").then().statusCode(200).body("schemas", hasItem(LIST));
        scim().get("/ResourceTypes").then().statusCode(200).body("schemas", hasItem(LIST));
    }

    @Test
    void everyResourceTypeNamesPublishedSchemas() {
        Map<String, JsonNode> schemas = schemas();
        List<JsonNode> types = resourceTypes();
        assertFalse(types.isEmpty(), "/ResourceTypes lists nothing");
        for (JsonNode type : types) {
            assertTrue(schemas.containsKey(type.path("schema").asText().toLowerCase(Locale.ROOT)),
                    type.path("id") + ": its schema is not in /Schemas");
            for (JsonNode ext : type.path("schemaExtensions")) {
                assertTrue(schemas.containsKey(ext.path("schema").asText().toLowerCase(Locale.ROOT)),
                        type.path("id") + ": extension " + ext.path("schema") + " is not in /Schemas");
            }
        }
    }

    @Test
    void discoveryIsReadOnly() {
        for (String path : List.of("/ServiceProviderConfig", "/Schemas", "/ResourceTypes")) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                scim().body("{}").request(method, path).then()
                        .statusCode(405)
                        .body("schemas", hasItem(ERROR))
                        .body("status", equalTo("405"));
            }
        }
    }

    @Test
    void unknownUrlIs404ScimError() {
        scim().get("/NoSuchEndpoint" + UUID.randomUUID()).then()
                .statusCode(404)
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("404"));
    }

    @Test
    void endpointNamesMatchCaseInsensitively() {
        for (JsonNode type : resourceTypes()) {
            String endpoint = type.path("endpoint").asText();
            scim().queryParam("count", 1).get(endpoint.toLowerCase(Locale.ROOT)).then().statusCode(200)
                    .body("schemas", hasItem(LIST));
            scim().queryParam("count", 1).get(endpoint.toUpperCase(Locale.ROOT)).then().statusCode(200);
        }
        scim().get("/serviceproviderconfig").then().statusCode(200);
        scim().get("/schemas").then().statusCode(200);
        scim().get("/resourcetypes").then().statusCode(200);
    }

    // -------------------------------------------------------------------------------------- every resource type

    /** The per-resource-type checks, one group per type that {@code /ResourceTypes} lists. */
    @TestFactory
    List<DynamicNode> everyResourceType() {
        List<DynamicNode> groups = new ArrayList<>();
        for (JsonNode type : resourceTypes()) {
            ResourceType rt = new ResourceType(type, schemas());
            groups.add(DynamicContainer.dynamicContainer(rt.name(), List.of(
                    DynamicTest.dynamicTest("create from required attributes only, GET, DELETE → 404",
                            () -> createReadDelete(rt)),
                    DynamicTest.dynamicTest("add / replace / remove of every writable attribute",
                            () -> roundTrips(rt)),
                    DynamicTest.dynamicTest("attributes and excludedAttributes on GET, list and .search",
                            () -> projections(rt)),
                    DynamicTest.dynamicTest("PUT replaces the writable attributes", () -> put(rt)),
                    DynamicTest.dynamicTest("unknown id → 404 SCIM error", () -> unknownId(rt)))));
        }
        return groups;
    }

    private void createReadDelete(ResourceType rt) {
        ObjectNode body = rt.minimal(this);
        Response created = scim().body(body.toString()).post(rt.endpoint());
        created.then().statusCode(201).header("Location", notNullValue()).body("id", notNullValue());
        JsonNode resource = parse(created);
        for (Attribute a : rt.required()) {
            assertNotNull(a.read(resource), rt.name() + ": required attribute " + a.path() + " not read back");
        }
        String id = resource.path("id").asText();
        scim().get(rt.endpoint() + "/" + id).then().statusCode(200).body("id", equalTo(id));
        scim().delete(rt.endpoint() + "/" + id).then().statusCode(204);
        scim().get(rt.endpoint() + "/" + id).then().statusCode(404).body("schemas", hasItem(ERROR))
                .body("status", equalTo("404"));
    }

    private void roundTrips(ResourceType rt) {
        String id = create(rt);
        List<String> failures = new ArrayList<>();
        for (Attribute a : rt.writable()) {
            JsonNode v1 = a.sample(this, rt, 1);
            JsonNode v2 = a.sample(this, rt, 2);
            if (v1 == null) {
                continue;
            }
            check(failures, rt, id, a, "add", v1, v1);
            check(failures, rt, id, a, "replace", v2, v2);
            if (!a.required() && a.removable()) {
                patch(rt, id, op("remove", a.patchPath(), null));
                JsonNode now = a.read(get(rt, id));
                // An Ivanti boolean field has no unassigned state: a removed boolean reads back false.
                boolean unassigned = now == null || (a.isBoolean() && !now.asBoolean());
                if (!unassigned) {
                    failures.add(a.path() + ": remove left " + now);
                }
            }
        }
        assertTrue(failures.isEmpty(), rt.name() + ": " + String.join("; ", failures));
    }

    private void check(List<String> failures, ResourceType rt, String id, Attribute a, String op, JsonNode value,
            JsonNode expected) {
        Response r = scim().body(patchBody(op(op, a.patchPath(), value)).toString())
                .patch(rt.endpoint() + "/" + id);
        if (r.statusCode() != 200 && r.statusCode() != 204) {
            failures.add(a.path() + ": " + op + " answered " + r.statusCode() + " " + r.asString());
            return;
        }
        JsonNode now = a.read(get(rt, id));
        if (!a.matches(now, expected)) {
            failures.add(a.path() + ": after " + op + " of " + expected + " read back " + now);
        }
    }

    private void projections(ResourceType rt) {
        String id = create(rt);
        JsonNode full = get(rt, id);
        Attribute key = rt.filterKey();
        String filter = key.path() + " eq \"" + key.read(full).asText() + "\"";
        for (Attribute a : rt.returnedByDefault()) {
            if (a.read(full) == null) {
                continue;
            }
            String top = a.topPath();
            JsonNode only = parse(scim().queryParam("attributes", top).get(rt.endpoint() + "/" + id).then()
                    .statusCode(200).extract().response());
            assertEquals(id, only.path("id").asText());
            assertNotNull(a.read(only), rt.name() + ": attributes=" + top + " dropped it");
            for (Attribute other : rt.returnedByDefault()) {
                if (!other.topPath().equalsIgnoreCase(top)) {
                    assertNull(other.readTop(only), rt.name() + ": attributes=" + top + " also returned "
                            + other.topPath());
                }
            }
            JsonNode without = parse(scim().queryParam("excludedAttributes", top).get(rt.endpoint() + "/" + id)
                    .then().statusCode(200).extract().response());
            assertNull(a.readTop(without), rt.name() + ": excludedAttributes=" + top + " kept it");
            assertEquals(id, without.path("id").asText());
            JsonNode listed = parse(scim().queryParam("filter", filter).queryParam("attributes", top)
                    .get(rt.endpoint()).then().statusCode(200).body("totalResults", is(1)).extract().response());
            assertNotNull(a.read(listed.path("Resources").path(0)), rt.name() + ": list attributes=" + top);
            ObjectNode search = JSON.createObjectNode();
            search.putArray("schemas").add(SEARCH);
            search.put("filter", filter);
            search.putArray("excludedAttributes").add(top);
            JsonNode searched = parse(scim().body(search.toString()).post(rt.endpoint() + "/.search").then()
                    .statusCode(200).body("totalResults", is(1)).extract().response());
            assertNull(a.readTop(searched.path("Resources").path(0)), rt.name() + ": .search excluded " + top);
        }
        for (Attribute a : rt.typedValues()) {
            JsonNode value = a.read(full);
            String selector = a.topPath() + "[type eq \"" + a.typeValue() + "\"]";
            JsonNode matched = parse(scim().queryParam("attributes", selector).get(rt.endpoint() + "/" + id)
                    .then().statusCode(200).extract().response());
            if (value != null) {
                assertNotNull(a.read(matched), rt.name() + ": attributes=" + selector);
            }
            JsonNode none = parse(scim().queryParam("attributes", a.topPath() + "[type eq \"no-such-type\"]")
                    .queryParam("filter", filter).get(rt.endpoint()).then().statusCode(200)
                    .body("totalResults", is(1)).extract().response());
            assertNull(a.readTop(none.path("Resources").path(0)), rt.name() + ": a value filter matching nothing");
        }
    }

    private void put(ResourceType rt) {
        String id = create(rt);
        ObjectNode body = rt.minimal(this);
        for (Attribute a : rt.writable()) {
            if (!a.required() && !a.isMembers() && a.isSimpleOrSub()) {
                JsonNode v = a.sample(this, rt, 3);
                if (v != null) {
                    a.write(body, v);
                }
            }
        }
        JsonNode replaced = parse(scim().body(body.toString()).put(rt.endpoint() + "/" + id).then().statusCode(200)
                .extract().response());
        JsonNode read = get(rt, id);
        List<String> failures = new ArrayList<>();
        for (Attribute a : rt.writable()) {
            JsonNode sent = a.read(body);
            if (sent != null && !a.matches(a.read(read), sent)) {
                failures.add(a.path() + ": PUT sent " + sent + ", read back " + a.read(read));
            }
        }
        assertEquals(id, replaced.path("id").asText());
        assertTrue(failures.isEmpty(), rt.name() + ": " + String.join("; ", failures));
    }

    private void unknownId(ResourceType rt) {
        scim().get(rt.endpoint() + "/" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT))
                .then().statusCode(404).body("schemas", hasItem(ERROR)).body("status", equalTo("404"));
    }

    // -------------------------------------------------------------------------------------------- IdP replays

    /** Okta (docs/idp-contracts.md §2 items 5–23): look-up, POST with its placeholder password, PUT, deactivate, Push Groups. */
    @Test
    void oktaSequence() {
        String login = unique("okta") + "@example.com";
        scim().queryParam("filter", "userName eq \"" + login + "\"").queryParam("startIndex", 1)
                .queryParam("count", 100).get("/Users").then().statusCode(200).body("totalResults", is(0));
        JsonNode created = parse(scim().contentType("application/json")
                .body(body("okta-create-user.json", login)).post("/Users").then().statusCode(201)
                .body("userName", equalTo(login)).body("emails[0].primary", is(true)).extract().response());
        String id = created.path("id").asText();
        scim().queryParam("filter", "userName eq \"" + login.toUpperCase(Locale.ROOT) + "\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(1)).body("Resources[0].id", equalTo(id));
        ObjectNode put = (ObjectNode) created.deepCopy();
        ((ObjectNode) put.path("name")).put("givenName", "Augusta Ada");
        put.put("password", "another-placeholder");
        scim().body(put.toString()).put("/Users/" + id).then().statusCode(200)
                .body("name.givenName", equalTo("Augusta Ada"));
        scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\",\"value\":"
                + "{\"active\":false}}]}").patch("/Users/" + id).then().statusCode(200).body("active", is(false));
        scim().get("/Users/" + id).then().statusCode(200).body("active", is(false));
        scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\",\"value\":"
                + "{\"active\":true}}]}").patch("/Users/" + id).then().statusCode(200).body("active", is(true));
        scim().queryParam("startIndex", 1).queryParam("count", 2).get("/Users").then().statusCode(200)
                .body("startIndex", is(1)).body("itemsPerPage", notNullValue());

        String name = unique("Okta Push");
        String gid = scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + name + "\",\"members\":[]}").post("/Groups").then().statusCode(201).extract().path("id");
        Response patched = scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":["
                + "{\"op\":\"replace\",\"value\":{\"id\":\"" + gid + "\",\"displayName\":\"" + name + " 2\"}},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\",\"display\":\"" + login
                + "\"}]}]}").patch("/Groups/" + gid);
        assertTrue(patched.statusCode() == 200 || patched.statusCode() == 204, patched.asString());
        scim().get("/Groups/" + gid).then().statusCode(200).body("displayName", equalTo(name + " 2"))
                .body("members.value", hasItem(id));
        Response removed = scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"remove\","
                + "\"path\":\"members[value eq \\\"" + id + "\\\"]\"}]}").patch("/Groups/" + gid);
        assertTrue(removed.statusCode() == 200 || removed.statusCode() == 204, removed.asString());
        assertNull(get("/Groups", gid).get("members"));
        scim().delete("/Groups/" + gid).then().statusCode(204);
    }

    /** Okta's push of an empty group is replace members [] (docs/idp-contracts.md §4.5). */
    @Test
    void oktaEmptyGroupPushEmptiesTheGroup() {
        String member = create(new ResourceType(resourceTypes().stream()
                .filter(t -> t.path("name").asText().equals("User")).findFirst().orElseThrow(), schemas()));
        String gid = scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + unique("Empty push") + "\",\"members\":[{\"value\":\"" + member + "\"}]}").post("/Groups").then()
                .statusCode(201).extract().path("id");
        Response r = scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\","
                + "\"path\":\"members\",\"value\":[]}]}").patch("/Groups/" + gid);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.statusCode() + " " + r.asString());
        assertNull(get("/Groups", gid).get("members"));
    }

    /** Entra (docs/idp-contracts.md §3.3, §3 items 6–11): test connection, POST, both PATCH dialects, groups, disable, DELETE. */
    @Test
    void entraSequence() {
        scim().queryParam("filter", "userName eq \"" + UUID.randomUUID() + "\"").get("/Users").then()
                .statusCode(200).body("totalResults", is(0)).body("schemas", hasItem(LIST));
        String login = unique("entra") + "@example.com";
        String id = scim().body(body("entra-create-user.json", login)).post("/Users").then().statusCode(201)
                .body("userName", equalTo(login)).extract().path("id");
        scim().body(body("entra-patch-2017.json", login)).patch("/Users/" + id).then().statusCode(200)
                .body("title", equalTo("Rear Admiral"))
                .body("emails.find { it.type == 'work' }.value", equalTo("grace.hopper@example.test"))
                .body("name.givenName", equalTo("Grace Brewster"));
        scim().body(body("entra-patch-2020.json", login)).patch("/Users/" + id).then().statusCode(200)
                .body("title", equalTo("Commodore"))
                .body("externalId", equalTo("ghopper2020"));
        scim().queryParam("filter", "externalId eq \"ghopper2020\"").get("/Users").then().statusCode(200)
                .body("Resources.id", hasItem(id));
        scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\","
                + "\"value\":\"False\"}]}").patch("/Users/" + id).then().statusCode(200).body("active", is(false));

        String name = unique("Entra Group");
        String gid = scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\","
                + "\"http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group\"],"
                + "\"externalId\":\"" + UUID.randomUUID() + "\",\"displayName\":\"" + name + "\","
                + "\"meta\":{\"resourceType\":\"Group\"}}").post("/Groups").then().statusCode(201).extract()
                .path("id");
        scim().queryParam("excludedAttributes", "members").queryParam("filter", "displayName eq \"" + name + "\"")
                .get("/Groups").then().statusCode(200).body("totalResults", is(1)).body("Resources[0].id",
                        equalTo(gid));
        scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Add\",\"path\":\"members\","
                + "\"value\":[{\"$ref\":null,\"value\":\"" + id + "\"}]}]}").patch("/Groups/" + gid).then()
                .statusCode(204);
        scim().get("/Groups/" + gid).then().statusCode(200).body("members.value", hasItem(id));
        scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Remove\",\"path\":\"members\","
                + "\"value\":[{\"value\":\"" + id + "\"}]}]}").patch("/Groups/" + gid).then().statusCode(204);
        scim().queryParam("excludedAttributes", "members").get("/Groups/" + gid).then().statusCode(200)
                .body("members", org.hamcrest.Matchers.nullValue());
        scim().delete("/Groups/" + gid).then().statusCode(204);
        scim().delete("/Users/" + id).then().statusCode(204);
        scim().get("/Users/" + id).then().statusCode(404);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    Map<String, JsonNode> schemas() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        parse(scim().get("/Schemas").then().statusCode(200).extract().response()).path("Resources")
                .forEach(s -> out.put(s.path("id").asText().toLowerCase(Locale.ROOT), s));
        return out;
    }

    List<JsonNode> resourceTypes() {
        List<JsonNode> out = new ArrayList<>();
        parse(scim().get("/ResourceTypes").then().statusCode(200).extract().response()).path("Resources")
                .forEach(out::add);
        return out;
    }

    /** Creates a resource of the type from its required attributes and returns its id. */
    String create(ResourceType rt) {
        return scim().body(rt.minimal(this).toString()).post(rt.endpoint()).then().statusCode(201).extract()
                .path("id");
    }

    JsonNode get(ResourceType rt, String id) {
        return get(rt.endpoint(), id);
    }

    JsonNode get(String endpoint, String id) {
        return parse(scim().get(endpoint + "/" + id).then().statusCode(200).extract().response());
    }

    /** Values of a path that other resources of the type already hold (the first page of a list, read once). */
    List<JsonNode> existingValues(ResourceType rt, Function<JsonNode, JsonNode> read) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode list = firstPages.computeIfAbsent(rt.endpoint(), e -> parse(scim().queryParam("count", 100).get(e)
                .then().statusCode(200).extract().response()));
        for (JsonNode r : list.path("Resources")) {
            JsonNode v = read.apply(r);
            if (v != null && v.isTextual() && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private void patch(ResourceType rt, String id, ObjectNode op) {
        Response r = scim().body(patchBody(op).toString()).patch(rt.endpoint() + "/" + id);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.statusCode() + " " + r.asString());
    }

    static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode o = JSON.createObjectNode().put("op", op).put("path", path);
        if (value != null) {
            o.set("value", value);
        }
        return o;
    }

    static ObjectNode patchBody(ObjectNode... ops) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(PATCH_OP);
        ArrayNode operations = body.putArray("Operations");
        for (ObjectNode o : ops) {
            operations.add(o);
        }
        return body;
    }

    static JsonNode parse(Response response) {
        try {
            return JSON.readTree(response.asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static String body(String name, String login) {
        try (InputStream in = ConformanceChecks.class.getResourceAsStream("/idp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No IdP body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("%LOGIN%", login);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
