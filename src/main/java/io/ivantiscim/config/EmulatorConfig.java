package io.ivantiscim.config;

import io.smallrye.config.WithDefault;

/**
 * Settings of the built-in Ivanti emulator ({@code bridge.emulator.*}). The emulator is served under
 * {@code /emulator} when {@code bridge.ivanti.url} is unset, or when {@link #standalone()} is true.
 */
public interface EmulatorConfig {

    /**
     * Run the emulator alone (what {@code make emulator} does): the emulator is served even when
     * {@code bridge.ivanti.url} is set, and the SCIM endpoints answer 404.
     */
    @WithDefault("false")
    boolean standalone();

    /** The REST API key the emulator accepts ({@code Authorization: rest_api_key=<key>}). */
    @WithDefault("demo-ivanti-key")
    String apiKey();
}
