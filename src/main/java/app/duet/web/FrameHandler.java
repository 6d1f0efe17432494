package app.duet.web;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.Metrics;
import app.duet.chats.ChatService;
import app.duet.delivery.Connection;
import app.duet.delivery.Frames;
import app.duet.model.User;
import app.duet.storage.StorageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Client-to-server frames (§5): parse, dispatch to the chat service, and answer refusals with an
 * {@code error} frame on the same connection, which stays open ({@link Failures} says which).
 */
final class FrameHandler {
    private final ChatService chats;
    private final Failures failures;
    private final Metrics metrics;

    private static final java.util.Set<String> KNOWN_TYPES = java.util.Set.of("send", "read", "typing", "ping");

    /** Set once the node stops: see {@link #stopping()}. */
    private volatile boolean stopping;

    FrameHandler(ChatService chats, Failures failures, Metrics metrics) {
        this.chats = chats;
        this.failures = failures;
        this.metrics = metrics;
    }

    void handle(Connection conn, User user, String text) {
        String ref = null;
        String kind = "invalid";
        long started = System.nanoTime();
        try {
            ObjectNode frame = Json.parseObject(text);
            ref = ref(frame);
            JsonNode type = frame.get("type");
            if (type == null || !type.isTextual()) throw new DuetException(ErrorCode.BAD_REQUEST, "A frame needs a string 'type'.");
            kind = KNOWN_TYPES.contains(type.textValue()) ? type.textValue() : "unknown";   // a bounded label
            switch (type.textValue()) {
                case "send" -> send(conn, user, frame);
                case "read" -> chats.markRead(user, Json.integer(frame, "peer"), Json.integer(frame, "upTo"));
                case "typing" -> chats.typing(user, Json.integer(frame, "to"), Json.optionalBoolean(frame, "active", true));
                case "ping" -> conn.send(Frames.pong(frame.get("ref")));
                default -> throw new DuetException(ErrorCode.UNKNOWN_TYPE, "Unknown frame type '" + type.textValue() + "'.");
            }
        } catch (RuntimeException e) {
            if (!("send".equals(kind) && unavailableWhileStopping(e))) conn.send(failures.frame(e, ref));
        } finally {
            metrics.frameHandled(kind, System.nanoTime() - started);
        }
    }

    private void send(Connection conn, User user, ObjectNode frame) {
        String clientId = Json.optionalString(frame, "clientId");
        long to = Json.integer(frame, "to");
        List<String> attachments = FileRoutes.attachmentIds(frame); // extension: files
        String text = attachments == null || attachments.isEmpty() ? Json.string(frame, "text") : Json.optionalString(frame, "text");
        Long replyTo = Json.optionalInteger(frame, "replyTo"); // extension: a reply
        // The ack (or the first message, for a repeated clientId) is published by the committer.
        chats.send(user, to, text, clientId, replyTo, conn.id(), attachments).exceptionally(failure -> {
            if (!unavailableWhileStopping(failure)) conn.send(failures.frame(failure, clientId));
            return null;
        });
    }

    /**
     * The node is stopping: from now on a send refused over a socket (the committer takes no more)
     * is left unanswered. Its socket is closed with 1001 right after the committer has written
     * what it accepted, and the client resends what was not acknowledged, by its clientId, once
     * reconnected (to another node, or to this one started again); an {@code error} frame would
     * make the client give the send up as refused (the web client shows it failed).
     */
    void stopping() {
        stopping = true;
    }

    /**
     * A send the stopping node can no longer take: the committer's {@code unavailable}, or the
     * database closing under it. Any other refusal (a text too long...) is answered as ever.
     */
    private boolean unavailableWhileStopping(Throwable failure) {
        if (!stopping) return false;
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t instanceof DuetException d ? d.code() == ErrorCode.UNAVAILABLE : t instanceof StorageException;
    }

    /** What an error should point back to: a send's clientId, else the frame's own ref. */
    private static String ref(ObjectNode frame) {
        JsonNode id = frame.get("clientId");
        if (id != null && id.isTextual()) return id.textValue();
        JsonNode ref = frame.get("ref");
        return ref != null && ref.isValueNode() && !ref.isNull() ? ref.asText() : null;
    }
}
