package io.ivantiscim.ivanti;

/**
 * How the bridge presents its Ivanti credential (ivanti-api.md §1.2). Implementations never log the credential.
 */
interface IvantiAuth {

    /** The {@code Authorization} header value to send now. */
    String header();

    /**
     * Called when Ivanti answered 401 {@code ISM_4001} to a request sent with {@code rejectedHeader}. Returns true
     * when a fresh credential was obtained (or another thread already obtained one) and the request is worth one
     * retry.
     */
    boolean refresh(String rejectedHeader);
}
