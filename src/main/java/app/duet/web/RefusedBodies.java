package app.duet.web;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * What is left of a refused request's body, read and dropped before the refusal is written.
 * <p>
 * A refusal often comes before the body is read (a 429 on an upload, a 415 on a chunked body, a
 * 413 on a declared length). The client is then still sending, and does not read yet: if the
 * server answers and closes with the rest unread, TCP resets the connection and the client sees a
 * broken pipe instead of the answer (a browser shows a network error). So a body no larger than
 * the largest one Duet would accept anywhere, plus a little, is read to its end and dropped, for
 * at most a few seconds; a larger or slower one is cut short, as reading it would cost more than
 * the answer is worth. The sender pays for those bytes as much as we do.
 */
final class RefusedBodies {
    private final long maxBytes;
    private final long maxNanos;

    RefusedBodies(long maxBytes, Duration maxTime) {
        this.maxBytes = maxBytes;
        this.maxNanos = maxTime.toNanos();
    }

    /**
     * Reads and drops the unread rest of {@code request}'s body, within the bounds.
     *
     * @return whether the body was read to its end (else the connection cannot be used again)
     */
    boolean drain(HttpServletRequest request) {
        if (request.getContentLengthLong() > maxBytes) return false;
        long deadline = System.nanoTime() + maxNanos;
        try {
            InputStream body = request.getInputStream();
            byte[] sink = new byte[16 * 1024];
            long left = maxBytes;
            int n;
            while ((n = body.read(sink, 0, (int) Math.min(sink.length, left + 1))) >= 0) {
                left -= n;
                if (left < 0 || System.nanoTime() - deadline > 0) return false;
            }
            return true;
        } catch (IllegalStateException readAsText) {
            return true; // the route took the body as a reader, which reads it whole
        } catch (IOException gone) {
            return false; // the client went away
        }
    }
}
