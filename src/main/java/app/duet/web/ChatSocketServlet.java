package app.duet.web;

import app.duet.DuetConfig;
import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.Metrics;
import app.duet.accounts.AuthSession;
import app.duet.delivery.ConnectionRegistry;
import app.duet.delivery.Presence;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /ws}: authenticates the handshake (401 without a valid token, 403 bad_origin for a
 * cookie from a foreign page), then holds a place for the socket under the user's cap
 * ({@code maxSocketsPerUser}: none left, 429 too_many_connections) before upgrading, and sets the
 * frame limits: a text frame over 64 KiB closes the socket with 1009.
 *
 * <p>The place is taken by the socket when it opens ({@link ChatSocket}); if the upgrade fails, or
 * the socket opens only after this method returns, the place is given back here and the socket's
 * registration checks the cap again (a socket over it is closed with 1013).
 */
final class ChatSocketServlet extends JettyWebSocketServlet {
    private static final String SESSION = "duet.ws.session";
    private static final String SLOT = "duet.ws.slot";

    private final transient Authenticator auth;
    private final transient Presence presence;
    private final transient FrameHandler frames;
    private final transient Failures failures;
    private final transient DuetConfig config;

    ChatSocketServlet(Authenticator auth, Presence presence, FrameHandler frames, Failures failures, DuetConfig config) {
        this.auth = auth;
        this.presence = presence;
        this.frames = frames;
        this.failures = failures;
        this.config = config;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(DuetConfig.MAX_FRAME_BYTES);
        factory.setMaxBinaryMessageSize(DuetConfig.MAX_FRAME_BYTES);
        // A backstop only: the Heartbeat closes silent sockets first.
        factory.setIdleTimeout(config.idleTimeout().multipliedBy(2));
        factory.setCreator((req, resp) -> new ChatSocket((AuthSession) req.getServletAttribute(SESSION),
                (ConnectionRegistry.Slot) req.getServletAttribute(SLOT), auth::isLive,
                presence, frames, config.clock(), config.outboundQueueFrames(), config.outboundQueueBytes()));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws jakarta.servlet.ServletException, IOException {
        ConnectionRegistry.Slot slot;
        try {
            AuthSession session = auth.authenticate(req, true);
            req.setAttribute(SESSION, session);
            slot = presence.reserveSocket(session.userId());
            if (slot == null) {
                throw new DuetException(ErrorCode.TOO_MANY_CONNECTIONS,
                        "You have too many connections open; close a tab or a device and try again.");
            }
            req.setAttribute(SLOT, slot);
        } catch (RuntimeException e) { // a refusal, or the database too busy (503): answered, never a bare 500
            failures.answer(resp, Failures.refusal(e, "GET /ws"));
            return;
        }
        try {
            super.service(req, resp);
        } finally {
            presence.releaseSocket(slot); // nothing to give back if the socket took it
        }
    }

}
