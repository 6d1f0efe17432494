package app.duet.web;

import app.duet.Json;
import app.duet.accounts.AuthSession;
import app.duet.delivery.Connection;
import app.duet.delivery.ConnectionRegistry;
import app.duet.delivery.CloseCodes;
import app.duet.delivery.Frames;
import app.duet.delivery.Presence;
import app.duet.delivery.Views;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One WebSocket, from Jetty's side. Jetty calls these methods one at a time per socket, on its
 * (virtual) threads; a frame's handling may block briefly on the database, sends never wait
 * for their commit. Public only because Jetty invokes it through method handles.
 */
public final class ChatSocket implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);

    /** Close code for a socket opened beyond its user's cap (a handshake race the 429 did not catch). */

    private final AuthSession session;
    private final ConnectionRegistry.Slot slot;
    private final Predicate<AuthSession> sessionLive;
    private final Presence presence;
    private final FrameHandler frames;
    private final Clock clock;
    private final int maxQueued;
    private final long maxQueuedBytes;
    private volatile Connection connection;
    private volatile Session jetty;

    ChatSocket(AuthSession session, ConnectionRegistry.Slot slot, Predicate<AuthSession> sessionLive, Presence presence,
               FrameHandler frames, Clock clock, int maxQueued, long maxQueuedBytes) {
        this.session = session;
        this.slot = slot;
        this.sessionLive = sessionLive;
        this.presence = presence;
        this.frames = frames;
        this.clock = clock;
        this.maxQueued = maxQueued;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    @Override
    public void onWebSocketOpen(Session jetty) {
        this.jetty = jetty;
        Connection c = Connection.awaitingOpen(UUID.randomUUID().toString(), session.userId(), session.sessionKey(),
                new JettySocket(jetty), maxQueued, maxQueuedBytes, clock.millis());
        connection = c;
        // Registered before the client hears anything, so it misses no event; they wait behind hello.
        if (!presence.connected(c, slot)) {
            c.close(CloseCodes.TRY_AGAIN_LATER, "too many connections");
            return;
        }
        // A logout racing this handshake either saw the connection registered, or shows here.
        if (!sessionLive.test(session)) {
            c.close(CloseCodes.SESSION_REVOKED, "session revoked");
            return;
        }
        c.open(Frames.hello(session.user(), clock.millis()));
    }

    @Override
    public void onWebSocketText(String text) {
        Connection c = connection;
        c.heard(clock.millis());
        frames.handle(c, session.user(), text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        connection.close(CloseCodes.UNSUPPORTED_DATA, "binary frames are not accepted");
    }

    /**
     * Jetty does not answer pings for a listener that handles them itself, so answer here
     * (an extra unsolicited pong, should Jetty also answer, is allowed by RFC 6455).
     */
    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        Connection c = connection;
        if (c != null) c.heard(clock.millis());
        if (jetty != null) jetty.sendPong(ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip(), Callback.NOOP);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        Connection c = connection;
        if (c != null) c.heard(clock.millis());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        Connection c = connection;
        if (c != null) presence.disconnected(c);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("websocket error for user {}: {}", session.userId(), cause.toString());
        Connection c = connection;
        if (c != null) presence.disconnected(c);
    }
}
