package io.ivantiscim.scim;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link GroupOktaTest} against the packaged application (the jar, or the native binary when built with -Dnative). */
@QuarkusIntegrationTest
class GroupOktaIT extends GroupOktaTest {
}
