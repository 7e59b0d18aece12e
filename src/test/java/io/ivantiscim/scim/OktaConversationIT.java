package io.ivantiscim.scim;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OktaConversationTest} against the packaged application (the jar, or the native binary when built with -Dnative). */
@QuarkusIntegrationTest
class OktaConversationIT extends OktaConversationTest {
}
