package app.duet.web;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.Metrics;
import app.duet.delivery.Frames;
import app.duet.delivery.OutboundFrame;
import app.duet.storage.StorageException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one mapping from a failure to what a client is told, for every way a client can be told:
 * an HTTP error response (routes, before-handlers), a refused WebSocket handshake, and an
 * {@code error} frame on an open socket. A {@link DuetException} carries its contract code and
 * message; Javalin's own refusals (413 from the body limit, 404, 405) are mapped by status;
 * anything else is an internal error, logged here once, whose details the client never sees.
 * Every refusal is counted in {@code duet_refused_total}.
 */
final class Failures {
    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    /** Set once an error body is written, so the status-code error pages leave it alone. */
    static final String ERROR_WRITTEN = "duet.errorWritten";

    private final Metrics metrics;
    private final RefusedBodies refusedBodies;

    Failures(Metrics metrics, RefusedBodies refusedBodies) {
        this.metrics = metrics;
        this.refusedBodies = refusedBodies;
    }

    /**
     * The refusal a failure stands for: a {@link DuetException} as it is (unwrapped from a
     * future's {@code CompletionException} or {@code ExecutionException}); a database too busy to
     * answer in time is {@code 503 unavailable}; anything else is logged with {@code what} and
     * becomes {@code internal_error}.
     */
    static DuetException refusal(Throwable failure, String what) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        if (t instanceof DuetException d) return d;
        if (t instanceof HttpResponseException h) return new DuetException(fromStatus(h.getStatus()), h.getMessage());
        if (t instanceof StorageException.Busy busy) { // overload, not a fault: counted in metrics, one line
            log.warn("{} refused, the database is busy: {}", what, busy.getCause() != null ? busy.getCause().getMessage() : busy.getMessage());
            return new DuetException(ErrorCode.UNAVAILABLE, "The server is busy; try again in a moment.");
        }
        log.error("{} failed", what, t);
        return new DuetException(ErrorCode.INTERNAL, "Something went wrong on the server; try again.");
    }

    /**
     * Answers an HTTP request with the failure's status and error body, after dropping what the
     * client has not sent yet of the request's body, so that it gets to read the answer.
     */
    void answer(Context ctx, Throwable failure) {
        DuetException e = refusal(failure, ctx.method() + " " + ctx.path());
        if (!refusedBodies.drain(ctx.req())) ctx.header("Connection", "close");
        metrics.refused(e.code());
        ctx.attribute(ERROR_WRITTEN, true);
        if (e.retryAfter() != null) ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        Http.json(ctx, e.code().status(), body(e));
    }

    /** Answers a status-code error page (404, 405) unless a route already wrote its own error. */
    void answerUnlessWritten(Context ctx, ErrorCode code, String message) {
        if (ctx.attribute(ERROR_WRITTEN) == null) answer(ctx, new DuetException(code, message));
    }

    /** Refuses a WebSocket handshake before the upgrade. */
    void answer(HttpServletResponse resp, DuetException e) throws IOException {
        metrics.refused(e.code());
        resp.setStatus(e.code().status());
        resp.setContentType("application/json");
        if (e.retryAfter() != null) resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        resp.getOutputStream().write(Json.write(body(e)).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code error} frame that refuses one frame of an open socket (which stays open). */
    OutboundFrame frame(Throwable failure, String ref) {
        DuetException e = refusal(failure, "a WebSocket frame");
        metrics.refused(e.code());
        return Frames.error(e.code(), e.getMessage(), ref);
    }

    /** {@code {"error": {"code", "message"}}}, the body of every error response. */
    static ObjectNode body(ErrorCode code, String message) {
        ObjectNode error = Json.object();
        error.put("code", code.code());
        error.put("message", message);
        ObjectNode body = Json.object();
        body.set("error", error);
        return body;
    }

    /** {@link #body(ErrorCode, String)}, with {@code retryAfter} (seconds, an extension) when the refusal knows it. */
    static ObjectNode body(DuetException e) {
        ObjectNode body = body(e.code(), e.getMessage());
        if (e.retryAfter() != null) ((ObjectNode) body.get("error")).put("retryAfter", e.retryAfterSeconds());
        return body;
    }

    static byte[] bodyBytes(ErrorCode code, String message) {
        return Json.write(body(code, message)).getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 413 -> ErrorCode.TOO_LARGE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }
}
