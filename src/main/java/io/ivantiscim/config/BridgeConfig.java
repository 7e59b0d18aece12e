package io.ivantiscim.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The one configuration root of the bridge ({@code bridge.*}). Every property can also be set as an environment
 * variable ({@code bridge.ivanti.url} is {@code BRIDGE_IVANTI_URL}).
 */
@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

    /** Where the bridge sends its Ivanti OData calls. */
    Ivanti ivanti();

    /** The built-in Ivanti emulator. */
    EmulatorConfig emulator();

    /** Connection to the Ivanti tenant. */
    interface Ivanti {

        /**
         * Base URL of the Ivanti tenant, e.g. {@code https://acme.ivanticloud.com}. When unset, the bridge talks to
         * its built-in emulator mounted at {@code /emulator} on its own HTTP port.
         */
        Optional<String> url();
    }
}
