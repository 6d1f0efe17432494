package app.duet.web;

import app.duet.delivery.OutboundFrame;
import app.duet.delivery.Socket;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A {@link Socket} over a Jetty WebSocket session; every call is asynchronous.
 *
 * <p>Text frames go out as the frame's pre-encoded bytes through Jetty's core session: Jetty's
 * {@code Session.sendText(String)} would encode its own copy of a frame for every socket, and keep
 * it queued as long as a client does not read. Each send gets its own read-only view of the shared
 * bytes ({@link OutboundFrame#payload()}); Jetty moves only that view's position (writing, or
 * deflating for permessage-deflate) and never writes into the bytes.
 */
final class JettySocket implements Socket {
    private final Session session;
    private final CoreSession core;

    JettySocket(Session session) {
        this.session = session;
        this.core = ((WebSocketSession) session).getCoreSession();
    }

    @Override
    public void sendText(OutboundFrame frame, Consumer<Throwable> done) {
        ByteBuffer payload = frame.payload();
        core.sendFrame(new Frame(OpCode.TEXT, payload), org.eclipse.jetty.util.Callback.from(
                () -> done.accept(null), done), false);
    }

    @Override
    public void ping() {
        session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }

    @Override
    public void disconnect() {
        session.disconnect();
    }
}
