package io.quarkus.smallrye.openapi.runtime;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The OpenAPI document of the packaged jar, where it is built on the first request. */
@QuarkusIntegrationTest
class DeferredOpenApiDocumentServiceIT extends DeferredOpenApiDocumentServiceTest {
}
