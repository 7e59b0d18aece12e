package io.ivantiscim.security;

/** A token operation the admin asked for cannot be done; {@link #status()} is the HTTP status to answer with. */
public class TokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public TokenException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
