package io.ivantiscim.scim;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DiscoveryResourceTest {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    @Test
    void serviceProviderConfigHasTheRfc7643Shape() {
        Scim.idp().get("/ServiceProviderConfig").then()
                .statusCode(200)
                .contentType(containsString(ScimJson.MEDIA_TYPE))
                .body("schemas", hasItem("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"))
                .body("patch.supported", is(true))
                .body("bulk.supported", is(true))
                .body("bulk.maxOperations", is(50))
                .body("bulk.maxPayloadSize", is(1048576))
                .body("filter.supported", is(true))
                .body("filter.maxResults", is(1000))
                .body("changePassword.supported", is(false))
                .body("sort.supported", is(true))
                .body("etag.supported", is(true))
                .body("authenticationSchemes[0].type", equalTo("oauthbearertoken"))
                .body("meta.resourceType", equalTo("ServiceProviderConfig"))
                .body("meta.location", endsWith("/scim/v2/ServiceProviderConfig"));
    }

    @Test
    void schemasListsTheFourSchemasInAListResponse() {
        Scim.idp().get("/Schemas").then()
                .statusCode(200)
                .contentType(containsString(ScimJson.MEDIA_TYPE))
                .body("schemas", hasItem(LIST))
                .body("totalResults", is(4))
                .body("itemsPerPage", is(4))
                .body("startIndex", is(1))
                .body("Resources.id", containsInAnyOrder(
                        "urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:core:2.0:Group",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User"))
                .body("Resources[0].meta.resourceType", equalTo("Schema"));
    }

    @Test
    void oneSchemaByUrnCaseInsensitively() {
        Scim.idp().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:user").then()
                .statusCode(200)
                .body("id", equalTo("urn:ietf:params:scim:schemas:core:2.0:User"))
                .body("attributes.name", hasItem("userName"))
                .body("meta.location", endsWith("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"));
    }

    @Test
    void theUserSchemaDescribesWhatTheMappingStores() {
        String core = "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User";
        Scim.idp().get(core).then()
                .statusCode(200)
                .body("attributes.name", containsInAnyOrder("userName", "name", "displayName", "title",
                        "preferredLanguage", "active", "emails", "phoneNumbers", "addresses", "groups"))
                .body("attributes.find { it.name == 'userName' }.required", is(true))
                .body("attributes.find { it.name == 'userName' }.uniqueness", equalTo("server"))
                .body("attributes.find { it.name == 'name' }.required", is(true))
                .body("attributes.find { it.name == 'name' }.subAttributes.find { it.name == 'givenName' }.required",
                        is(true))
                .body("attributes.find { it.name == 'name' }.subAttributes.find { it.name == 'familyName' }.required",
                        is(true))
                .body("attributes.find { it.name == 'name' }.subAttributes.find { it.name == 'formatted' }.mutability",
                        equalTo("readOnly"))
                .body("attributes.find { it.name == 'emails' }.required", is(true))
                .body("attributes.find { it.name == 'emails' }.subAttributes.name",
                        containsInAnyOrder("value", "type", "primary"))
                .body("attributes.find { it.name == 'emails' }.subAttributes.find { it.name == 'type' }"
                        + ".canonicalValues", contains("work"))
                .body("attributes.find { it.name == 'phoneNumbers' }.subAttributes.find { it.name == 'type' }"
                        + ".canonicalValues", contains("work", "mobile"))
                .body("attributes.find { it.name == 'displayName' }.mutability", equalTo("readOnly"))
                .body("attributes.find { it.name == 'groups' }.returned", equalTo("request"))
                .body("attributes.find { it.name == 'groups' }.mutability", equalTo("readOnly"));
        Scim.idp().get("/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").then()
                .statusCode(200)
                .body("attributes.name", containsInAnyOrder("employeeNumber", "department", "costCenter",
                        "organization", "manager"))
                .body("attributes.find { it.name == 'manager' }.subAttributes.name",
                        containsInAnyOrder("value", "displayName"))
                .body("attributes.find { it.name == 'manager' }.subAttributes.find { it.name == 'displayName' }"
                        + ".mutability", equalTo("readOnly"));
    }

    @Test
    void groupMembersAreUsersOnly() {
        Scim.idp().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").then()
                .statusCode(200)
                .body("attributes.find { it.name == 'members' }.subAttributes.find { it.name == '$ref' }"
                        + ".referenceTypes", contains("User"))
                .body("attributes.find { it.name == 'members' }.subAttributes.find { it.name == 'type' }"
                        + ".canonicalValues", contains("User"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void discoveryEndpointsAreReadOnly(String method) {
        for (String path : List.of("/ServiceProviderConfig", "/Schemas", "/ResourceTypes", "/ResourceTypes/User",
                "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")) {
            Scim.idp().body("{}").request(method, path).then()
                    .statusCode(405)
                    .contentType(containsString(ScimJson.MEDIA_TYPE))
                    .body("schemas", hasItem(ERROR))
                    .body("status", equalTo("405"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/serviceproviderconfig", "/schemas", "/RESOURCETYPES", "/resourcetypes/User",
            "/users", "/groups", "/USERS?count=1"})
    void endpointNamesMatchCaseInsensitively(String path) {
        Scim.idp().get(path).then().statusCode(200);
    }

    @Test
    void configuredCustomAttributesAppearInTheIvantiExtension() {
        Scim.idp().get("/Schemas/urn:ietf:params:scim:schemas:extension:ivanti:2.0:User").then()
                .statusCode(200)
                .body("attributes.name", hasItem("networkUserName"))
                .body("attributes.find { it.name == 'building' }.type", equalTo("string"))
                .body("attributes.find { it.name == 'building' }.description",
                        equalTo("Building the employee works in"))
                .body("attributes.find { it.name == 'building' }.mutability", equalTo("readWrite"));
    }

    @Test
    void unknownSchemaIs404ScimError() {
        Scim.idp().get("/Schemas/urn:nope").then()
                .statusCode(404)
                .contentType(containsString(ScimJson.MEDIA_TYPE))
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("404"))
                .body("detail", containsString("urn:nope"));
    }

    @Test
    void resourceTypesDescribeUsersWithTheirExtensions() {
        Scim.idp().get("/ResourceTypes").then()
                .statusCode(200)
                .body("schemas", hasItem(LIST))
                .body("Resources.find { it.id == 'User' }.endpoint", equalTo("/Users"))
                .body("Resources.find { it.id == 'User' }.schemaExtensions.schema", hasItem(
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        Scim.idp().get("/ResourceTypes/User").then()
                .statusCode(200)
                .body("meta.resourceType", equalTo("ResourceType"));
        Scim.idp().get("/ResourceTypes/Printer").then().statusCode(404).body("status", equalTo("404"));
    }

    @Test
    void filteringADiscoveryEndpointIsForbidden() {
        Scim.idp().queryParam("filter", "id eq \"x\"").get("/Schemas").then()
                .statusCode(403)
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("403"));
    }

    @Test
    void noTokenIs401WithBearerChallengeAndScimBody() {
        Scim.anonymous().get("/ServiceProviderConfig").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType(containsString(ScimJson.MEDIA_TYPE))
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("401"))
                .body("detail", containsString("Authorization"));
    }

    @Test
    void wrongTokenAndOktasNonTokenAre401() {
        Scim.anonymous().auth().oauth2("not-the-token").get("/Schemas").then()
                .statusCode(401).body("status", equalTo("401"));
        Scim.anonymous().header("Authorization", "non-token").get("/Schemas").then()
                .statusCode(401).body("schemas", hasItem(ERROR));
    }

    @Test
    void unknownEndpointIs404ScimError() {
        Scim.idp().get("/Printers").then()
                .statusCode(404)
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("404"));
    }

    @Test
    void oversizeBodyIs413ScimError() {
        Scim.idp().body("{\"a\":\"" + "x".repeat(1_100_000) + "\"}").post("/Schemas").then()
                .statusCode(413)
                .body("status", equalTo("413"));
    }
}
