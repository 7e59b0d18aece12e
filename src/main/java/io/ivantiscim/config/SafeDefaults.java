package io.ivantiscim.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Defaults that depend on other settings, registered through {@code META-INF/services}:
 * <ul>
 * <li>While a demo credential is in force (no tenant, and no {@code bridge.security.bootstrap-token} or no
 * {@code bridge.admin.password}, so {@code demo-scim-token} or {@code demo-admin-password} is accepted), SCIM listens
 * on {@code 127.0.0.1} only: anyone on the network could otherwise provision users with a published token. The
 * ordinal is below {@code application.properties}, so any explicit {@code quarkus.http.host} wins.</li>
 * <li>In check mode ({@code bridge.ivanti.check-and-exit=true}) neither the SCIM nor the management interface listens
 * (above every other source, so that {@code make check} runs beside {@code make run}), and only errors are logged
 * unless a log level is set.</li>
 * </ul>
 */
public class SafeDefaults implements ConfigSourceFactory {

    /** The address SCIM binds to while a demo credential is accepted. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final String ALL = "0.0.0.0";

    @Override
    public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(
                new PropertiesConfigSource(demoHost(value(context, "bridge.ivanti.url"),
                        value(context, "bridge.security.bootstrap-token"), value(context, "bridge.admin.password")),
                        "bridge-demo-defaults", 150),
                new PropertiesConfigSource(checkMode(value(context, "bridge.ivanti.check-and-exit")),
                        "bridge-check-mode", 1000),
                new PropertiesConfigSource(checkModeLogging(value(context, "bridge.ivanti.check-and-exit")),
                        "bridge-check-mode-logging", 150));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(100);
    }

    /**
     * {@code quarkus.http.host=127.0.0.1} while a demo credential would be accepted, else every interface. Always a
     * value: the build records the run-time values it saw as defaults, so leaving it unset would keep the build's.
     */
    static Map<String, String> demoHost(Optional<String> tenantUrl, Optional<String> bootstrapToken,
            Optional<String> adminPassword) {
        return Map.of("quarkus.http.host", demo(tenantUrl, bootstrapToken, adminPassword) ? LOOPBACK : ALL);
    }

    /** No listener at all in check mode. */
    static Map<String, String> checkMode(Optional<String> checkAndExit) {
        return checkAndExit.map(Boolean::parseBoolean).orElse(false)
                ? Map.of("quarkus.http.host-enabled", "false", "quarkus.management.host-enabled", "false")
                : Map.of();
    }

    /** Only errors are logged in check mode, so the verdict lines stand alone (an explicit log level still wins). */
    static Map<String, String> checkModeLogging(Optional<String> checkAndExit) {
        return checkAndExit.map(Boolean::parseBoolean).orElse(false)
                ? Map.of("quarkus.log.level", "ERROR")
                : Map.of();
    }

    static boolean demo(Optional<String> tenantUrl, Optional<String> bootstrapToken, Optional<String> adminPassword) {
        return tenantUrl.isEmpty() && (bootstrapToken.isEmpty() || adminPassword.isEmpty());
    }

    /**
     * The start-up banner line for demo mode: where SCIM listens and how to open it up; empty when no demo credential
     * is in force or the process runs the emulator alone.
     */
    public static Optional<String> banner(BridgeConfig config, String host) {
        if (config.emulator().standalone() || !demo(config.ivanti().url(), nonBlank(config.security().bootstrapToken()),
                nonBlank(config.admin().password()))) {
            return Optional.empty();
        }
        if (LOOPBACK.equals(host)) {
            return Optional.of("Demo mode: the demo token and/or demo admin password are accepted, so SCIM listens on "
                    + LOOPBACK + " only (this machine). To listen on every interface, configure real credentials "
                    + "(bridge.security.bootstrap-token and bridge.admin.password, or a tenant with bridge.ivanti.url), "
                    + "or set quarkus.http.host (QUARKUS_HTTP_HOST) explicitly.");
        }
        return Optional.of("Demo mode on " + host + ": the demo token and/or demo admin password are accepted from the "
                + "network because quarkus.http.host is set explicitly. Anyone who can reach this port can provision "
                + "users; configure bridge.security.bootstrap-token and bridge.admin.password.");
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank()
                ? Optional.empty()
                : Optional.of(v.getValue());
    }
}
