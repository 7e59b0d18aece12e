package io.ivantiscim.provisioning;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.unboundid.scim2.common.exceptions.PreconditionFailedException;

/** {@link Versions}: which {@code If-Match} values pass (RFC 7644 §3.14), and when the current version is computed. */
class VersionsTest {

    private static final String CURRENT = "W/\"3f2a9c\"";

    @ParameterizedTest(name = "If-Match [{0}] → {1}, version computed: {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                  | pass | false",
            "''                    | pass | false",
            "'   '                 | pass | false",
            "*                     | pass | false",
            "' * '                 | pass | false",
            "W/\"3f2a9c\"          | pass | true",
            "\"3f2a9c\"            | pass | true", // a strong tag naming the weak version
            "' W/\"3f2a9c\" '      | pass | true",
            "W/\"old\", W/\"3f2a9c\" | pass | true", // a list: any one matches
            "W/\"old\"             | 412  | true",
            "W/\"3F2A9C\"          | 412  | true", // tags compare exactly
            "3f2a9c                | 412  | true"}) // unquoted is another tag
    void ifMatch(String ifMatch, String outcome, boolean computed) {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> current = () -> {
            calls.incrementAndGet();
            return CURRENT;
        };
        if (outcome.equals("pass")) {
            assertDoesNotThrow(() -> Versions.check(current, ifMatch, "user"));
        } else {
            PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
                    () -> Versions.check(current, ifMatch, "user"));
            assertEquals(412, e.getScimError().getStatus());
            assertTrue(e.getMessage().contains("current ETag " + CURRENT), e.getMessage());
        }
        assertEquals(computed ? 1 : 0, calls.get());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {"NULL | pass", "W/\"3f2a9c\" | pass", "W/\"x\" | 412"})
    void theTextFormAnswersAsTheSupplierForm(String ifMatch, String outcome) {
        if (outcome.equals("pass")) {
            assertDoesNotThrow(() -> Versions.check(CURRENT, ifMatch, "group"));
        } else {
            assertThrows(PreconditionFailedException.class, () -> Versions.check(CURRENT, ifMatch, "group"));
        }
    }
}
