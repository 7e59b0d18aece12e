package io.ivantiscim.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.scim.Scim;

/**
 * {@link ConformanceChecks} against the application under test (the {@code @QuarkusTest} app on its test port, or the
 * packaged jar for {@code *IT}), with the test profile's token: the base of every in-process variant of the suite.
 */
abstract class InProcessConformance extends ConformanceChecks {

    private static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @Override
    protected String baseUrl() {
        return null;
    }

    @Override
    protected String token() {
        return Scim.TOKEN;
    }

    /** A minimal core User ({@code login} as userName and work email), with an enterprise manager when given. */
    protected static ObjectNode userBody(String login, String manager) {
        ObjectNode body = object();
        body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        body.put("userName", login);
        body.putObject("name").put("givenName", "Conformance").put("familyName", "Check");
        body.putArray("emails").addObject().put("type", "work").put("value", login).put("primary", true);
        if (manager != null) {
            body.withArray("schemas").add(ENTERPRISE_USER);
            body.putObject(ENTERPRISE_USER).putObject("manager").put("value", manager);
        }
        return body;
    }
}
