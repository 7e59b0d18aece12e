package io.ivantiscim.scim;

import static io.restassured.RestAssured.given;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

/** RestAssured entry points for SCIM tests: authenticated as an IdP, SCIM media type. */
public final class Scim {

    /** The bearer token configured for the test profile. */
    public static final String TOKEN = "test-scim-token";

    private static final RestAssuredConfig UTF8 = RestAssuredConfig.config().encoderConfig(EncoderConfig
            .encoderConfig().defaultCharsetForContentType("UTF-8", ScimJson.MEDIA_TYPE));

    private Scim() {
    }

    /**
     * A request as an IdP sends it, with the bearer token and {@code application/scim+json}, its body in UTF-8 (the
     * bridge reads every body as UTF-8, RFC 8259 §8.1; RestAssured would otherwise encode ISO-8859-1).
     */
    public static RequestSpecification idp() {
        return as(TOKEN);
    }

    /** As {@link #idp()}, with another connection's bearer token. */
    public static RequestSpecification as(String token) {
        return given().config(UTF8).basePath("/scim/v2").auth().oauth2(token).contentType(ScimJson.MEDIA_TYPE)
                .accept(ScimJson.MEDIA_TYPE);
    }

    /** A request with no credentials. */
    public static RequestSpecification anonymous() {
        return given().basePath("/scim/v2").accept(ScimJson.MEDIA_TYPE);
    }
}
