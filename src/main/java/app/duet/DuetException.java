package app.duet;

/**
 * A refusal that the client is told about: the request is rejected with {@link #code()}
 * and nothing was changed. Thrown by the domain services; the web layer turns it into an
 * HTTP error body or a WebSocket {@code error} frame.
 */
public final class DuetException extends RuntimeException {
    private final ErrorCode code;

    public DuetException(ErrorCode code, String message) {
        super(message, null, false, false); // expected control flow: no stack trace needed
        this.code = code;
    }

    public ErrorCode code() { return code; }
}
