package io.ivantiscim.security;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Entra without a Secret Token: its own RS256 JWTs are accepted, and every way of forging one is refused. */
@QuarkusTest
@TestProfile(EntraJwtTest.EntraJwts.class)
class EntraJwtTest {

    static final String TENANT = "11111111-2222-3333-4444-555555555555";
    static final String AUDIENCE = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

    /** Entra JWTs on, keys from the test JWKS. */
    public static class EntraJwts extends ConfigOverrides {

        public EntraJwts() {
            super("bridge.security.entra.enabled", "true", "bridge.security.entra.tenant-id", TENANT,
                    "bridge.security.entra.jwks-file", "src/test/resources/entra/jwks.json");
        }
    }

    @Test
    void aValidEntraTokenIsAccepted() throws Exception {
        call(token(claims(TENANT, AUDIENCE, 3600), testKey(), "RS256")).statusCode(200);
    }

    @Test
    void forgedOrStaleTokensAreRefused() throws Exception {
        PrivateKey key = testKey();
        call(token(claims("99999999-0000-0000-0000-000000000000", AUDIENCE, 3600), key, "RS256")).statusCode(401);
        call(token(claims(TENANT, "some-other-api", 3600), key, "RS256")).statusCode(401);
        call(token(claims(TENANT, AUDIENCE, -600), key, "RS256")).statusCode(401);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        call(token(claims(TENANT, AUDIENCE, 3600), generator.generateKeyPair().getPrivate(), "RS256"))
                .statusCode(401);
        String valid = token(claims(TENANT, AUDIENCE, 3600), key, "RS256");
        String[] parts = valid.split("\\.");
        String unsigned = b64("{\"alg\":\"none\",\"kid\":\"test-entra-key\"}") + "." + parts[1] + ".";
        call(unsigned).statusCode(401);
        String tampered = parts[0] + "." + b64(claims(TENANT, AUDIENCE, 999999)) + "." + parts[2];
        call(tampered).statusCode(401);
        call("not.a.jwt").statusCode(401);
    }

    private static io.restassured.response.ValidatableResponse call(String token) {
        return given().basePath("/scim/v2").auth().oauth2(token).get("/ServiceProviderConfig").then();
    }

    private static String claims(String tenant, String audience, long expiresIn) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"https://sts.windows.net/" + tenant + "/\",\"aud\":\"" + audience + "\",\"iat\":" + now
                + ",\"nbf\":" + now + ",\"exp\":" + (now + expiresIn) + "}";
    }

    private static String token(String claims, PrivateKey key, String alg) throws GeneralSecurityException {
        String signingInput = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"test-entra-key\"}") + "."
                + b64(claims);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey testKey() throws Exception {
        String pem = Files.readString(Path.of("src/test/resources/entra/test-signing-key.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
