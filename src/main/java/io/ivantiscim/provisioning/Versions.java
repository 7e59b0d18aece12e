package io.ivantiscim.provisioning;

import java.util.function.Supplier;

import com.unboundid.scim2.common.exceptions.PreconditionFailedException;

/** {@code If-Match} on PUT, PATCH and DELETE (RFC 7644 §3.14): a stale version is 412 and nothing is written. */
final class Versions {

    private Versions() {
    }

    /** Passes when {@code ifMatch} is absent, {@code *}, or names {@code current} (weak or strong). */
    static void check(String current, String ifMatch, String what) throws PreconditionFailedException {
        check(() -> current, ifMatch, what);
    }

    /**
     * As {@link #check(String, String, String)}, with the current version computed only when an {@code If-Match}
     * names one, so a write without the header (the bench's Okta and Entra bodies send none) hashes nothing (issue 14).
     */
    static void check(Supplier<String> current, String ifMatch, String what) throws PreconditionFailedException {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String version = current.get();
        String wanted = strip(version);
        for (String tag : ifMatch.split(",")) {
            if (strip(tag).equals(wanted)) {
                return;
            }
        }
        throw new PreconditionFailedException("The " + what + " changed since version " + ifMatch.trim()
                + "; GET it again and retry with the current ETag " + version + ".");
    }

    private static String strip(String tag) {
        String t = tag.trim();
        return t.startsWith("W/") ? t.substring(2) : t;
    }
}
