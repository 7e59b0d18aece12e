package io.ivantiscim.scim;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import io.ivantiscim.config.BridgeConfig;

/** Builds absolute SCIM URLs for {@code meta.location} and {@code Location} (RFC 7644 §3.1, RFC 7643 §3.1). */
@ApplicationScoped
public class ScimLocations {

    private final BridgeConfig config;

    ScimLocations(BridgeConfig config) {
        this.config = config;
    }

    /** The SCIM base URL without a trailing slash: the configured one, or the one this request came in on. */
    public String base(UriInfo uriInfo) {
        String base = config.scim().baseUrl().orElseGet(() -> uriInfo.getBaseUri().resolve("scim/v2").toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
