package io.ivantiscim.scim;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DiscoveryResourceTest} against the packaged application (the jar, or the native binary when built with -Dnative). */
@QuarkusIntegrationTest
class DiscoveryResourceIT extends DiscoveryResourceTest {
}
