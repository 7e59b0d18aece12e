package io.ivantiscim.mapping;

import io.micrometer.core.instrument.Metrics;

/**
 * Counts each IdP dialect quirk the bridge normalises ({@code scim_idp_quirks_total{quirk="…"}} at {@code /q/metrics}),
 * so an operator can see which dialect an IdP speaks (Entra's capitalised ops and "False" strings, its
 * aadOptscim062020 dotted keys, Okta's no-path replace, …) before a quirk-specific change is made.
 */
public final class IdpQuirks {

    /** PATCH {@code op} not in lower case (Entra without aadOptscim062020). */
    public static final String CAPITALISED_OP = "capitalised-op";
    /** A boolean sent as the string "True"/"False" (Entra's IsSoftDeleted mapping). */
    public static final String STRING_BOOLEAN = "string-boolean";
    /** A PATCH operation with no path and an object value (Okta deactivate, Entra aadOptscim062020). */
    public static final String NO_PATH_VALUE = "no-path-value";
    /** A dotted key such as {@code name.givenName} inside a no-path value (Entra aadOptscim062020). */
    public static final String NO_PATH_DOTTED_KEY = "no-path-dotted-key";
    /** A full-URN key inside a no-path value (Entra aadOptscim062020). */
    public static final String NO_PATH_URN_KEY = "no-path-urn-key";
    /** The enterprise manager as a bare id string or a one-element array (Entra). */
    public static final String MANAGER_SHAPE = "manager-bare-value";
    /** A filter like {@code emails[type eq "work"].value eq "x"} that RFC 7644 does not allow (Entra). */
    public static final String VALUE_PATH_COMPARISON = "value-path-comparison-filter";

    private IdpQuirks() {
    }

    /** Records one occurrence. */
    public static void seen(String quirk) {
        Metrics.counter("scim.idp.quirks", "quirk", quirk).increment();
    }
}
