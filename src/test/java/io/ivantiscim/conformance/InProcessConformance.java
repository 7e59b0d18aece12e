package io.ivantiscim.conformance;

import io.ivantiscim.scim.Scim;

/**
 * {@link ConformanceChecks} against the application under test (the {@code @QuarkusTest} app on its test port, or the
 * packaged jar for {@code *IT}), with the test profile's token: the base of every in-process variant of the suite.
 */
abstract class InProcessConformance extends ConformanceChecks {

    @Override
    protected String baseUrl() {
        return null;
    }

    @Override
    protected String token() {
        return Scim.TOKEN;
    }
}
