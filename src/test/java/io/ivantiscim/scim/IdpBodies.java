package io.ivantiscim.scim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Request bodies as Okta and Entra send them, from {@code src/test/resources/idp/}. */
public final class IdpBodies {

    private IdpBodies() {
    }

    /** The named body with {@code %LOGIN%} replaced. */
    public static String load(String name, String login) {
        try (InputStream in = IdpBodies.class.getResourceAsStream("/idp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("%LOGIN%", login);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
