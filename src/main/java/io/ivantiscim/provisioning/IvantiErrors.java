package io.ivantiscim.provisioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;

import io.ivantiscim.ivanti.IvantiException;
import io.ivantiscim.mapping.AttributeRule;

/**
 * Turns what Ivanti said into what the IdP should hear (RFC 7644 §3.12). Ivanti names Employee fields; the IdP's admin
 * knows SCIM attributes, so field names in Ivanti's messages are rewritten to the SCIM attribute they map from.
 */
final class IvantiErrors {

    /** Seconds an IdP is asked to wait when Ivanti is down and said nothing itself. */
    static final long DEFAULT_RETRY_AFTER = 30;

    private IvantiErrors() {
    }

    static ScimException translate(RuntimeException e, List<AttributeRule> rules) {
        if (e instanceof IvantiException.NotFound) {
            return new ResourceNotFoundException("The resource does not exist in Ivanti.");
        }
        if (e instanceof IvantiException.Conflict c) {
            return new ScimException(409, BadRequestException.UNIQUENESS,
                    "Ivanti refused a duplicate: " + scimNames(String.join(" ", c.messages()), rules));
        }
        if (e instanceof IvantiException.TooLong) {
            // The bridge's own words (the limit and its property), never the tenant's page.
            return BadRequestException.invalidFilter(e.getMessage());
        }
        if (e instanceof IvantiException.Rejected r) {
            return BadRequestException.invalidValue("Ivanti refused the values: "
                    + scimNames(String.join(" ", r.messages()), rules));
        }
        if (e instanceof IvantiException.Unauthorized) {
            // 502: the upstream refused the bridge itself, even after a fresh login or token; retrying will not help
            // until the operator fixes bridge.ivanti.auth.*.
            return new ScimException(502, null, "The bridge's Ivanti credentials were rejected; the bridge operator "
                    + "must check bridge.ivanti.auth.*. Nothing was changed.");
        }
        if (e instanceof IvantiException.Unavailable u) {
            return new RetryableScimException(503, "Ivanti is unavailable right now; retry later. ("
                    + u.getMessage() + ")", u.retryAfterSeconds() > 0 ? u.retryAfterSeconds() : DEFAULT_RETRY_AFTER);
        }
        if (e instanceof FaultToleranceException) {
            // Circuit open or bulkhead full: Ivanti failed repeatedly just now; tell the IdP to back off.
            return new RetryableScimException(503, "Ivanti has been failing; the bridge is pausing calls to it. Retry "
                    + "later.", DEFAULT_RETRY_AFTER);
        }
        throw e;
    }

    /** Rewrites Employee field names in an Ivanti message to the SCIM attributes mapped to them, in one pass. */
    static String scimNames(String message, List<AttributeRule> rules) {
        Map<String, String> paths = new LinkedHashMap<>();
        rules.forEach(r -> paths.putIfAbsent(r.field().toLowerCase(Locale.ROOT), r.scimPath().toString()));
        if (paths.isEmpty()) {
            return message;
        }
        String alternatives = rules.stream().map(r -> Pattern.quote(r.field())).distinct()
                .reduce((a, b) -> a + "|" + b).orElseThrow();
        Matcher m = Pattern.compile("\\b(?:Employee\\.)?(" + alternatives + ")\\b", Pattern.CASE_INSENSITIVE)
                .matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String field = m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(paths.get(field.toLowerCase(Locale.ROOT))
                    + " (Ivanti field " + field + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
