package app.duet.web;

import app.duet.delivery.Socket;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A {@link Socket} over a Jetty WebSocket session; every call is asynchronous. */
final class JettySocket implements Socket {
    private final Session session;

    JettySocket(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String frame, Consumer<Throwable> done) {
        session.sendText(frame, new Callback() {
            @Override
            public void succeed() { done.accept(null); }

            @Override
            public void fail(Throwable x) { done.accept(x); }
        });
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
