package io.ivantiscim.scim;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EntraConversationTest} against the packaged application (the jar, or the native binary when built with -Dnative). */
@QuarkusIntegrationTest
class EntraConversationIT extends EntraConversationTest {
}
