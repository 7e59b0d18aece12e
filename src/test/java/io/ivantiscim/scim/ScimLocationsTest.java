package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code meta.location} and {@code Location} follow the name the request came in on (no
 * {@code bridge.scim.base-url} in the test profile), however the requests before it were addressed: the base URL is
 * remembered for the last scheme and authority only.
 */
@QuarkusTest
class ScimLocationsTest {

    @Test
    void everyAnswerCarriesTheAuthorityItWasAskedUnder() {
        String login = "locations." + UUID.randomUUID() + "@example.com";
        var created = Scim.idp().header("Host", "bridge-a.example:8443")
                .body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then().statusCode(201).extract();
        String id = created.path("id");
        assertEquals("http://bridge-a.example:8443/scim/v2/Users/" + id,
                created.header("Location"));
        for (String host : new String[]{"bridge-a.example:8443", "bridge-b.example", "bridge-a.example:8443",
                "bridge-a.example:9443", "BRIDGE-B.example", "bridge-b.example"}) {
            Scim.idp().header("Host", host).get("/Users/" + id).then().statusCode(200)
                    .body("meta.location", equalTo("http://" + host + "/scim/v2/Users/" + id));
            Scim.idp().header("Host", host).queryParam("filter", "userName eq \"" + login + "\"").get("/Users")
                    .then().statusCode(200)
                    .body("Resources[0].meta.location", equalTo("http://" + host + "/scim/v2/Users/" + id));
        }
    }
}
