package io.ivantiscim.conformance;

/**
 * {@link ConformanceChecks} against any running SCIM server: {@code make conformance URL=https://…/scim/v2 TOKEN=…}
 * (system properties {@code conformance.url} and {@code conformance.token}). Not named {@code *Test}, so the build
 * never runs it by itself; it creates and deletes resources on the server it is pointed at.
 */
class RemoteConformance extends ConformanceChecks {

    @Override
    protected String baseUrl() {
        return setting("conformance.url");
    }

    @Override
    protected String token() {
        return setting("conformance.token");
    }

    private static String setting(String name) {
        String value = System.getProperty(name, "");
        if (value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run make conformance URL=<SCIM base URL> TOKEN=<bearer"
                    + " token>");
        }
        return value;
    }
}
