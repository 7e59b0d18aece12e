package io.ivantiscim.scim;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** RestAssured entry points for SCIM tests: authenticated as an IdP, SCIM media type. */
public final class Scim {

    /** The bearer token configured for the test profile. */
    public static final String TOKEN = "test-scim-token";

    private Scim() {
    }

    /** A request as an IdP sends it, with the bearer token and {@code application/scim+json}. */
    public static RequestSpecification idp() {
        return given().basePath("/scim/v2").auth().oauth2(TOKEN).contentType(ScimJson.MEDIA_TYPE)
                .accept(ScimJson.MEDIA_TYPE);
    }

    /** A request with no credentials. */
    public static RequestSpecification anonymous() {
        return given().basePath("/scim/v2").accept(ScimJson.MEDIA_TYPE);
    }
}
