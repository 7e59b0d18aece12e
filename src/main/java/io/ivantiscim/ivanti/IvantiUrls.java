package io.ivantiscim.ivanti;

import java.net.URI;
import java.util.Locale;

import org.eclipse.microprofile.config.ConfigProvider;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.runtime.LaunchMode;

/**
 * Where the bridge sends Ivanti calls: the tenant URL (or the built-in emulator on this process's own port), the
 * business-object root, the {@code $metadata} root and the login root derived from it. The same-host check lives here:
 * an absolute {@code bridge.ivanti.api-path} on another host is refused, because the credential would be sent there.
 */
final class IvantiUrls {

    private IvantiUrls() {
    }

    /** The configured tenant, or the emulator on this process's own HTTP port. */
    static String tenantUrl(BridgeConfig config) {
        return config.ivanti().url().orElseGet(() -> {
            String property = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
            int port = ConfigProvider.getConfig().getOptionalValue(property, Integer.class)
                    .orElse(LaunchMode.current() == LaunchMode.TEST ? 8081 : 8080);
            return "http://localhost:" + port + "/emulator";
        });
    }

    /**
     * The business-object root: {@code apiPath} relative to the tenant, or an absolute URL on the tenant's own scheme,
     * host and port. Any other host is refused (SSRF guard: the credential would be sent there).
     */
    static String apiBase(String tenant, String apiPath) {
        URI t = URI.create(tenant);
        if (t.getScheme() == null || t.getHost() == null) {
            throw new IllegalStateException("bridge.ivanti.url (BRIDGE_IVANTI_URL) must be an absolute http(s) URL, "
                    + "e.g. https://acme.ivanticloud.com");
        }
        String path = apiPath == null || apiPath.isBlank() ? "/api/odata/businessobject/" : apiPath.trim();
        URI p;
        try {
            p = URI.create(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bridge.ivanti.api-path (BRIDGE_IVANTI_API_PATH) is not a valid path");
        }
        if (p.getScheme() == null && p.getAuthority() == null) {
            return join(tenant, path);
        }
        boolean same = p.getScheme() != null && p.getScheme().equalsIgnoreCase(t.getScheme()) && p.getHost() != null
                && p.getHost().equalsIgnoreCase(t.getHost()) && port(p) == port(t);
        if (!same) {
            throw new IllegalStateException("bridge.ivanti.api-path (BRIDGE_IVANTI_API_PATH) is an absolute URL on "
                    + p.getHost() + ", not on the tenant " + t.getHost() + " of bridge.ivanti.url; refused: the "
                    + "Ivanti credential is only ever sent to the tenant's own host");
        }
        // The credential goes to the tenant's own origin; only the path is taken from the absolute form.
        return join(t.getScheme() + "://" + t.getRawAuthority(), p.getRawPath() == null ? "/" : p.getRawPath());
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** {@code …/api/odata/businessobject/} → {@code …/api/odata/} (docs/ivanti-api.md row 24: no {@code businessobject} segment). */
    static String metadataBase(String apiBase) {
        int i = apiBase.toLowerCase(Locale.ROOT).lastIndexOf("/businessobject/");
        return i > 0 ? apiBase.substring(0, i + 1) : apiBase;
    }

    /** The tenant root below which {@code api/rest/authentication/login} lives ({@code /HEAT} on-prem). */
    static String loginBase(String apiBase) {
        URI u = URI.create(apiBase);
        String path = u.getRawPath() == null ? "/" : u.getRawPath();
        int api = path.toLowerCase(Locale.ROOT).indexOf("/api/");
        String root = api >= 0 ? path.substring(0, api + 1) : "/";
        return u.getScheme() + "://" + u.getRawAuthority() + root;
    }

    private static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String p = path.startsWith("/") ? path : "/" + path;
        return p.endsWith("/") ? b + p : b + p + "/";
    }
}
