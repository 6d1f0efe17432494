package app.duet;

import java.time.Duration;

/**
 * A refusal that the client is told about: the request is rejected with {@link #code()}
 * and nothing was changed. Thrown by the domain services; the web layer turns it into an
 * HTTP error body or a WebSocket {@code error} frame.
 */
public final class DuetException extends RuntimeException {
    private final ErrorCode code;
    private final Duration retryAfter;

    public DuetException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** @param retryAfter when trying again can succeed (a lockout's end), told to the client; null if unknown */
    public DuetException(ErrorCode code, String message, Duration retryAfter) {
        super(message, null, false, false); // expected control flow: no stack trace needed
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() { return code; }

    /** When trying again can succeed, or null if the refusal does not know. */
    public Duration retryAfter() { return retryAfter; }

    /** {@link #retryAfter()} in whole seconds, rounded up (at least 1), as {@code Retry-After} counts it. */
    public long retryAfterSeconds() {
        return retryAfter == null ? 0 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
