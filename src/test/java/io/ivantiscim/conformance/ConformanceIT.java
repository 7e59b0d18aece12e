package io.ivantiscim.conformance;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ConformanceTest} against the packaged application (the jar, or the native binary when built). */
@QuarkusIntegrationTest
class ConformanceIT extends ConformanceTest {
}
