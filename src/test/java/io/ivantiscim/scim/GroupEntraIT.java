package io.ivantiscim.scim;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link GroupEntraTest} against the packaged application (the jar, or the native binary when built with -Dnative). */
@QuarkusIntegrationTest
class GroupEntraIT extends GroupEntraTest {
}
