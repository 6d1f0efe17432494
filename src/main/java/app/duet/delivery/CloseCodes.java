package app.duet.delivery;

/**
 * Every WebSocket close code Duet sends (docs/ARCHITECTURE.md, "Close codes"). A client that
 * cannot keep up gets none: its TCP connection is dropped, since a close frame would wait
 * behind the frames it does not read.
 */
public final class CloseCodes {
    private CloseCodes() { }

    /** The server is shutting down. */
    public static final int GOING_AWAY = 1001;
    /** A binary frame: Duet speaks JSON text only. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** A frame over 64 KiB (sent by Jetty, which enforces the limit). */
    public static final int TOO_BIG = 1009;
    /** One socket too many for its user: handshakes that raced past the 429 check. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The session was revoked (logout, signed out elsewhere, password changed) or expired. */
    public static final int SESSION_REVOKED = 4401;
    /** Silent longer than the idle timeout. */
    public static final int IDLE = 4408;
}
