package io.ivantiscim.ivanti;

/**
 * How the bridge presents its Ivanti credential (docs/ivanti-api.md §1.2). Implementations never log the credential.
 */
interface IvantiAuth extends AutoCloseable {

    /** The {@code Authorization} header value to send now. */
    String header();

    /**
     * Called when Ivanti answered 401 {@code ISM_4001} to a request sent with {@code rejectedHeader}. Returns true
     * when a fresh credential was obtained (or another thread already obtained one) and the request is worth sending
     * again; false when the credential cannot be renewed (an API key), so the 401 is final. A refused login throws
     * {@link IvantiException.Unauthorized}.
     */
    boolean refresh(String rejectedHeader);

    /** Gives the credential back (session logout) at shutdown; never throws. */
    @Override
    default void close() {
    }

    /** The {@code Authorization} value with {@code {credential}} replaced; validated at start-up. */
    static String format(String format, String credential) {
        return format.replace(CREDENTIAL, credential);
    }

    /** The placeholder of {@code bridge.ivanti.auth.header-format}. */
    String CREDENTIAL = "{credential}";
}
