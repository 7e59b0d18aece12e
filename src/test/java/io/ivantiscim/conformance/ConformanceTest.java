package io.ivantiscim.conformance;

import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;

/** {@link ConformanceChecks} against the bridge on its built-in emulator, with the built-in mapping. */
@QuarkusTest
class ConformanceTest extends ConformanceChecks {

    @Override
    protected String baseUrl() {
        return null;
    }

    @Override
    protected String token() {
        return Scim.TOKEN;
    }
}
