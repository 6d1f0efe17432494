package app.duet.web;

import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.Metrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The first stage of every request, outside Javalin, so that it covers the API, {@code /ws} and
 * the static files alike: the Host check of the listener the request came in on ({@link Hosts}:
 * 421 misdirected_request), then, on the metrics listener, {@code GET /metrics} and nothing else.
 */
final class EdgeHandler extends Handler.Wrapper {
    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    EdgeHandler(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!(request.getConnectionMetaData().getConnector() instanceof GuardedConnector listener)) {
            return super.handle(request, response, callback);
        }
        if (!listener.hosts().accepts(request.getHeaders().get(HttpHeader.HOST))) {
            metrics.refused(ErrorCode.MISDIRECTED_REQUEST);
            return error(response, callback, ErrorCode.MISDIRECTED_REQUEST, "This server does not answer for that host name.");
        }
        if (listener.metricsOnly()) {
            if (!"/metrics".equals(request.getHttpURI().getPath())) {
                return error(response, callback, ErrorCode.NOT_FOUND, "There is nothing here.");
            }
            if (!"GET".equals(request.getMethod())) {
                return error(response, callback, ErrorCode.METHOD_NOT_ALLOWED, "That method is not allowed here.");
            }
            return write(response, callback, 200, METRICS_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
        return super.handle(request, response, callback);
    }

    private static boolean error(Response response, Callback callback, ErrorCode code, String message) {
        byte[] body = Failures.bodyBytes(code, message);
        return write(response, callback, code.status(), "application/json", body);
    }

    private static boolean write(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
