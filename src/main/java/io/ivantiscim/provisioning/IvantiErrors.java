package io.ivantiscim.provisioning;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

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

    private static final Logger LOG = Logger.getLogger(IvantiErrors.class);
    /** The log context key of the request's correlation id ({@code scim.RequestIds.MDC_KEY}). */
    private static final String CORRELATION_KEY = "requestId";

    /** Seconds an IdP is asked to wait when Ivanti is down and said nothing itself. */
    static final long DEFAULT_RETRY_AFTER = 30;

    private IvantiErrors() {
    }

    /**
     * The SCIM error for an Ivanti failure, in the bridge's words: Ivanti's own text (which can carry tenant ids,
     * internal exception dumps and limit names) is logged with the request's correlation id and never sent to the IdP;
     * the detail names the SCIM attributes the answer was about, when it named mapped fields, and the correlation id
     * that finds the log line (issue 15 item 9).
     */
    static ScimException translate(RuntimeException e, List<AttributeRule> rules) {
        if (e instanceof IvantiException.NotFound) {
            return new ResourceNotFoundException("The resource does not exist in Ivanti.");
        }
        if (e instanceof IvantiException.Conflict c) {
            return new ScimException(409, BadRequestException.UNIQUENESS, "Ivanti refused the change as a duplicate"
                    + attributes(c, rules) + logged(c));
        }
        if (e instanceof IvantiException.Rejected r) {
            return BadRequestException.invalidValue("Ivanti refused the values" + attributes(r, rules) + logged(r));
        }
        if (e instanceof IvantiException.Unauthorized u) {
            // 502: the upstream refused the bridge itself, even after a fresh login or token; retrying will not help
            // until the operator fixes bridge.ivanti.auth.*.
            return new ScimException(502, null, "The bridge's Ivanti credentials were rejected; the bridge operator "
                    + "must check its Ivanti credentials. Nothing was changed" + logged(u));
        }
        if (e instanceof IvantiException.Unavailable u) {
            return new RetryableScimException(503, "Ivanti is unavailable right now; retry later" + logged(u),
                    u.retryAfterSeconds() > 0 ? u.retryAfterSeconds() : DEFAULT_RETRY_AFTER);
        }
        if (e instanceof FaultToleranceException f) {
            // Circuit open or bulkhead full: Ivanti failed repeatedly just now; tell the IdP to back off.
            return new RetryableScimException(503, "Ivanti has been failing; the bridge is pausing calls to it. Retry "
                    + "later" + logged(f), DEFAULT_RETRY_AFTER);
        }
        throw e;
    }

    /** Logs what Ivanti (or the client) said under the correlation id, and answers the sentence's end naming it. */
    private static String logged(RuntimeException e) {
        Object id = MDC.get(CORRELATION_KEY);
        String correlationId = id == null ? "none" : id.toString();
        LOG.warnf("Ivanti failure for correlation id %s: %s", correlationId, e.getMessage());
        return ". Correlation id " + correlationId + ": the bridge log has the details.";
    }

    /** "; its answer names title (Ivanti field JobTitle)" for the mapped fields an answer names; else empty. */
    private static String attributes(IvantiException e, List<AttributeRule> rules) {
        String text = String.join(" ", e.messages());
        Set<String> named = new LinkedHashSet<>();
        for (AttributeRule r : rules) {
            if (Pattern.compile("\\b" + Pattern.quote(r.field()) + "\\b", Pattern.CASE_INSENSITIVE).matcher(text)
                    .find()) {
                named.add(r.scimPath() + " (Ivanti field " + r.field() + ")");
            }
        }
        return named.isEmpty() ? "" : "; its answer names " + String.join(", ", named);
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
