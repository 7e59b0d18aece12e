package io.ivantiscim;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.QuarkusBindException;
import io.smallrye.config.ConfigValidationException;

/**
 * Turns whatever stopped start-up into one paragraph naming the property to fix. The bridge's own checks already say
 * that in their messages ({@link StartupFailure}, and the configuration errors of the Ivanti client and the store,
 * which name {@code bridge.*} properties); the cases recognised here are the ones whose message comes from a library.
 */
final class StartupFailures {

    private StartupFailures() {
    }

    /** The paragraph for {@code failure}; never a stack trace. */
    static String paragraph(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof StartupFailure s) {
                return "ivanti-scim-bridge did not start. " + s.getMessage();
            }
        }
        for (Throwable t : chain) {
            if (t instanceof QuarkusBindException b) {
                return "ivanti-scim-bridge did not start: port " + b.getPort() + " on " + b.getHost() + " is in use "
                        + "by another process (is the bridge already running?). Stop it, or choose another port with "
                        + "quarkus.http.port (QUARKUS_HTTP_PORT) for SCIM or quarkus.management.port "
                        + "(QUARKUS_MANAGEMENT_PORT) for the admin API and console.";
            }
            if (t instanceof ConfigValidationException) {
                return "ivanti-scim-bridge did not start: its configuration is invalid. " + oneLine(t.getMessage());
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Database may be already in use") || m.contains("The file is locked"))) {
                return "ivanti-scim-bridge did not start: the store file of bridge.store.url (BRIDGE_STORE_URL) is "
                        + "in use by another process, most likely a bridge already running from this directory "
                        + "(make run). Stop that one, or give this one its own store with bridge.store.url, e.g. "
                        + "jdbc:h2:file:./data/other or a shared PostgreSQL.";
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        for (Throwable t : chain) {
            String m = t.getMessage();
            if (m != null && (m.contains("bridge.") || m.contains("quarkus."))) {
                return "ivanti-scim-bridge did not start: " + oneLine(m);
            }
        }
        return "ivanti-scim-bridge did not start: " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage()))
                + ". Run again with QUARKUS_LOG_LEVEL=DEBUG for details.";
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
