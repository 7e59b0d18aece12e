package io.ivantiscim.scim;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

/**
 * Resource and discovery endpoint names match case-insensitively: Microsoft's clients send {@code /scim/v2/users}
 * and {@code /scim/v2/groups}, and RFC 7644 §3.2 gives endpoint names no case, while JAX-RS matching is exact. The
 * endpoint segment is rewritten to its canonical spelling before matching; the rest of the path (ids, which are
 * case-sensitive) is left exactly as sent.
 */
public class ScimPathCase {

    private static final String BASE = "/scim/v2/";
    private static final Map<String, String> ENDPOINTS = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        List.of("Users", "Groups", "Bulk", "ServiceProviderConfig", "Schemas", "ResourceTypes", ".search")
                .forEach(name -> ENDPOINTS.put(name, name));
    }

    @ServerRequestFilter(preMatching = true)
    public void canonicalise(ContainerRequestContext request, HttpServerRequest http) {
        // The raw path as received, so the request URI is built only when it is rewritten (issue 14).
        String path = http.path();
        if (path == null || !path.regionMatches(true, 0, BASE, 0, BASE.length())) {
            return;
        }
        int start = BASE.length();
        int end = path.indexOf('/', start);
        end = end < 0 ? path.length() : end;
        String canonical = ENDPOINTS.get(path.substring(start, end));
        if (canonical == null || canonical.equals(path.substring(start, end))) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        path = uri.getRawPath();
        end = path.indexOf('/', start);
        end = end < 0 ? path.length() : end;
        String rewritten = BASE + canonical + path.substring(end);
        request.setRequestUri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + rewritten
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
    }
}
