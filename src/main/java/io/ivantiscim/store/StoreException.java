package io.ivantiscim.store;

/** A store operation failed; the message names the operation, never a value. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String operation, Throwable cause) {
        super("Store operation failed: " + operation + " (" + cause.getMessage() + ")", cause);
    }
}
