package io.ivantiscim;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.config.SafeDefaults;
import io.ivantiscim.health.IvantiConnectionCheck;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The bridge's entry point. It serves until stopped, or, in check mode ({@code bridge.ivanti.check-and-exit=true},
 * what {@code make check} sets), runs the Ivanti connection check once and exits with 0 (OK), 1 (a check failed) or 2
 * (misconfigured: nothing could be checked). A failed start-up ends in one paragraph naming the property to fix
 * ({@link StartupFailures}), never in a stack trace.
 */
@QuarkusMain
public final class BridgeMain {

    /** Exit code of a check that failed. */
    public static final int CHECK_FAILED = 1;
    /** Exit code when the configuration is wrong or missing, so the check could not run. */
    public static final int MISCONFIGURED = 2;

    BridgeMain() {
    }

    public static void main(String... args) {
        BiConsumer<Integer, Throwable> exit = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        Quarkus.run(Bridge.class, (code, failure) -> {
            if (failure == null) {
                exit.accept(code, null);
                return;
            }
            System.err.println(StartupFailures.paragraph(failure));
            System.err.flush();
            exit.accept(checkMode() ? MISCONFIGURED : 1, null);
        }, args);
    }

    /** Read from the sources directly: a start-up failure may come from the configuration itself. */
    private static boolean checkMode() {
        try {
            return ConfigProvider.getConfig().getOptionalValue("bridge.ivanti.check-and-exit", Boolean.class)
                    .orElse(false);
        } catch (RuntimeException e) {
            return Boolean.getBoolean("bridge.ivanti.check-and-exit")
                    || "true".equalsIgnoreCase(System.getenv("BRIDGE_IVANTI_CHECK_AND_EXIT"));
        }
    }

    /** The application itself: serve, or check and exit. */
    @Unremovable
    @ApplicationScoped
    public static class Bridge implements QuarkusApplication {

        private static final Logger LOG = Logger.getLogger(BridgeMain.class);

        private final BridgeConfig config;
        private final IvantiConnectionCheck check;

        Bridge(BridgeConfig config, IvantiConnectionCheck check) {
            this.config = config;
            this.check = check;
        }

        @Override
        public int run(String... args) {
            if (config.ivanti().checkAndExit()) {
                return check();
            }
            SafeDefaults.banner(config, ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class)
                    .orElse("0.0.0.0")).ifPresent(LOG::warn);
            Quarkus.waitForExit();
            return 0;
        }

        private int check() {
            if (config.ivanti().url().isEmpty()) {
                System.out.println("SKIPPED  connection: no tenant configured, so the bridge would run on its built-in "
                        + "emulator. Set bridge.ivanti.url (BRIDGE_IVANTI_URL) and its credential "
                        + "(BRIDGE_IVANTI_AUTH_API_KEY) to check a tenant.");
                System.out.println("Ivanti connection check: NOT CONFIGURED");
                return MISCONFIGURED;
            }
            IvantiConnectionCheck.Verdict verdict = check.verify();
            System.out.println(verdict.report());
            return verdict.ok() ? 0 : CHECK_FAILED;
        }
    }
}
