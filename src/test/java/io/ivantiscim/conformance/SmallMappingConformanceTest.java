package io.ivantiscim.conformance;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link ConformanceChecks} on a second, smaller rule table ({@code src/test/resources/mapping/small-user.json}: no
 * enterprise extension, fewer core attributes): {@code /Schemas} follows the mapping, and the whole suite still
 * passes on what it then publishes.
 */
@QuarkusTest
@TestProfile(SmallMappingConformanceTest.SmallMapping.class)
class SmallMappingConformanceTest extends InProcessConformance {

    /** The smaller rule table. */
    public static class SmallMapping extends ConfigOverrides {

        public SmallMapping() {
            super("bridge.mapping.user.file", "src/test/resources/mapping/small-user.json");
        }
    }

    @Test
    void schemasFollowTheMapping() {
        scim().get("/Schemas").then().statusCode(200)
                .body("totalResults", is(3))
                .body("Resources.id", containsInAnyOrder("urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:ivanti:2.0:User",
                        "urn:ietf:params:scim:schemas:core:2.0:Group"));
        scim().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").then().statusCode(200)
                .body("attributes.name", containsInAnyOrder("userName", "name", "title", "preferredLanguage",
                        "active", "emails", "groups"))
                .body("attributes.find { it.name == 'name' }.subAttributes.name",
                        containsInAnyOrder("givenName", "familyName", "formatted"))
                .body("attributes.find { it.name == 'title' }.mutability", is("readWrite"))
                .body("attributes.find { it.name == 'preferredLanguage' }.mutability", is("readOnly"));
        scim().get("/Schemas/urn:ietf:params:scim:schemas:extension:ivanti:2.0:User").then().statusCode(200)
                .body("attributes.name", contains("building"));
        scim().get("/ResourceTypes/User").then().statusCode(200)
                .body("schemaExtensions.schema", contains("urn:ietf:params:scim:schemas:extension:ivanti:2.0:User"));
    }

    @Test
    void unmappedEnterpriseAttributesAreAcceptedAndDropped() {
        scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],\"userName\":\"small-"
                + java.util.UUID.randomUUID() + "@example.com\",\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"},"
                + "\"emails\":[{\"type\":\"work\",\"value\":\"a@example.com\"}],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"Finance\"}}")
                .post("/Users").then().statusCode(201)
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'",
                        org.hamcrest.Matchers.nullValue());
    }
}
