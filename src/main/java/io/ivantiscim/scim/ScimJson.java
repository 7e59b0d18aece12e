package io.ivantiscim.scim;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ivantiscim.mapping.ScimMapper;

/**
 * Produces the application's one {@link ObjectMapper} ({@link ScimMapper#MAPPER}), built from the SCIM SDK's own
 * configuration. Quarkus's default
 * mapper writes nulls and builds plain {@code ObjectNode}s, which makes the SDK's filter evaluation case-sensitive on
 * attribute names (RFC 7643 §2.1 says they are not); see docs/build-notes.md pitfall 2. The REST server and the Ivanti
 * REST client both pick this bean up.
 */
public class ScimJson {

    /** Media type of SCIM requests and responses (RFC 7644 §8.1). */
    public static final String MEDIA_TYPE = "application/scim+json";

    @Produces
    @Singleton
    ObjectMapper objectMapper() {
        return ScimMapper.MAPPER;
    }
}
