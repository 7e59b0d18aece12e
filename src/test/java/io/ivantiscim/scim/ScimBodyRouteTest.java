package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bodies read on the event loop by {@link ScimBodyRoute} (issue 14): a chunked body arriving in small pieces reaches
 * the resource whole, the token is checked before any body is read, and the SCIM answer is written as before
 * ({@link ScimBodyWriter}: media type, ETag, Location).
 */
@QuarkusTest
class ScimBodyRouteTest {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private final EmulatorClient emulator = new EmulatorClient();

    @Test
    void writesOverAnH2cUpgradeAndHttp2AreRead() throws Exception {
        // The JDK's HttpClient asks to upgrade a plain connection to HTTP/2 on its first request (AuditCrashIT's
        // creates failed with "Request has already been read" when the route read those bodies itself).
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 2; i++) {
            String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"h2c-" + i
                    + "-" + System.nanoTime()
                    + "@example.com\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},\"emails\":[{\"type\":\"work\",\"primary\":true,\"value\":\"h2c-"
                    + i + "@example.com\"}]}";
            java.net.http.HttpRequest post = java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port
                            + "/scim/v2/Users"))
                    .header("Authorization", "Bearer " + Scim.TOKEN).header("Content-Type", ScimJson.MEDIA_TYPE)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            java.net.http.HttpResponse<String> created = client.send(post,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created::body);
        }
    }

    @Test
    void aChunkedBodyInSmallPiecesIsReadWhole() {
        String login = EmulatorClient.uniqueLogin("chunks") + "@example.test";
        byte[] body = IdpBodies.load("okta-create-user.json", login).getBytes(StandardCharsets.UTF_8);
        // Seven bytes per read: RestAssured sends an InputStream body chunked, in pieces of what each read returns.
        InputStream trickle = new ByteArrayInputStream(body) {

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }

            @Override
            public int read(byte[] b) throws IOException {
                return read(b, 0, b.length);
            }
        };
        String id = Scim.idp().body(trickle).post("/Users").then()
                .statusCode(201)
                .contentType(startsWith(ScimJson.MEDIA_TYPE))
                .header("ETag", startsWith("W/\""))
                .header("Location", startsWith("http"))
                .body("userName", equalTo(login))
                .extract().path("id");
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("userName", equalTo(login));
    }

    @Test
    void anUnauthenticatedWriteIsRefusedBeforeItsBodyIsRead() {
        long calls = emulator.calls(() -> Scim.anonymous().auth().oauth2("not-the-token")
                .contentType(ScimJson.MEDIA_TYPE).body(new ByteArrayInputStream(new byte[64 * 1024]))
                .post("/Users").then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("schemas", hasItem(ERROR)), "total");
        assertEquals(0, calls);
    }

    @Test
    void anUpperCaseBasePathStillNeedsTheToken() {
        // ScimPathCase matches endpoint names case-insensitively; the token check must cover every spelling it lets
        // through to a resource.
        Scim.anonymous().basePath("/SCIM/v2").get("/users").then().statusCode(401);
        Scim.anonymous().basePath("/Scim/V2").get("/Users").then().statusCode(401);
    }
}
