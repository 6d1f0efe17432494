package app.duet.web;

import app.duet.DuetConfig;
import app.duet.DuetException;
import app.duet.Json;
import app.duet.Metrics;
import app.duet.accounts.Session;
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
 * cookie from a foreign page) before upgrading, and sets the frame limits: a text frame over
 * 64 KiB closes the socket with 1009.
 */
final class ChatSocketServlet extends JettyWebSocketServlet {
    private static final String SESSION = "duet.ws.session";

    private final transient Authenticator auth;
    private final transient Presence presence;
    private final transient FrameHandler frames;
    private final transient Metrics metrics;
    private final transient DuetConfig config;

    ChatSocketServlet(Authenticator auth, Presence presence, FrameHandler frames, Metrics metrics, DuetConfig config) {
        this.auth = auth;
        this.presence = presence;
        this.frames = frames;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(DuetConfig.MAX_FRAME_BYTES);
        factory.setMaxBinaryMessageSize(DuetConfig.MAX_FRAME_BYTES);
        // A backstop only: the Heartbeat closes silent sockets first.
        factory.setIdleTimeout(config.idleTimeout().multipliedBy(2));
        factory.setCreator((req, resp) -> new ChatSocket((Session) req.getServletAttribute(SESSION), auth::isLive,
                presence, frames, config.clock(), config.outboundQueueFrames(), config.outboundQueueBytes()));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws jakarta.servlet.ServletException, IOException {
        try {
            req.setAttribute(SESSION, auth.authenticate(req, true));
        } catch (DuetException e) {
            metrics.refused(e.code());
            ObjectNode body = Http.errorBody(e.code(), e.getMessage());
            resp.setStatus(e.code().status());
            resp.setContentType("application/json");
            resp.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
            return;
        }
        super.service(req, resp);
    }

}
