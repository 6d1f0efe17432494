package app.duet.web;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.chats.ChatService;
import app.duet.chats.SearchResults;
import app.duet.delivery.Views;
import app.duet.model.ChatBox;
import app.duet.storage.HistoryPage;
import app.duet.storage.MessageEdit;
import app.duet.model.Message;
import app.duet.model.User;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** §4 of the protocol: chat boxes, history, sending, read marks, deleting. */
final class ChatRoutes {
    private final ChatService chats;

    ChatRoutes(ChatService chats) {
        this.chats = chats;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/chats", this::list);
        routes.put("/api/chats/{peerId}", this::open);
        routes.patch("/api/chats/{peerId}", this::changeSettings);
        routes.delete("/api/chats/{peerId}", this::delete);
        routes.get("/api/chats/{peerId}/messages", this::history);
        routes.get("/api/chats/{peerId}/search", this::search);
        routes.post("/api/chats/{peerId}/messages", this::send);
        routes.post("/api/chats/{peerId}/read", this::read);
        // message edits (extension)
        routes.post("/api/chats/{peerId}/messages/{seq}/recall", this::recall);
        routes.delete("/api/chats/{peerId}/messages/{seq}", this::deleteForMe);
        routes.get("/api/chats/{peerId}/changes", this::changes);
    }

    private void list(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ChatBox c : chats.list(Http.session(ctx).user())) out.add(Views.chat(c, chats.isOnline(c.peer().id())));
        Http.json(ctx, 200, out);
    }

    private void open(Context ctx) {
        ChatService.Opened opened = chats.open(Http.session(ctx).user(), Http.pathId(ctx, "peerId"));
        ChatBox c = opened.chat();
        Http.json(ctx, opened.created() ? 201 : 200, Views.chat(c, chats.isOnline(c.peer().id())));
    }

    /** Extension: {@code {"pinned"?, "muted"?, "markedUnread"?}} → the chat box as changed. */
    private void changeSettings(Context ctx) {
        ObjectNode body = Http.body(ctx);
        ChatBox c = chats.changeSettings(Http.session(ctx).user(), Http.pathId(ctx, "peerId"), Json.optionalBoolean(body, "pinned"),
                Json.optionalBoolean(body, "muted"), Json.optionalBoolean(body, "markedUnread"));
        Http.json(ctx, 200, Views.chat(c, chats.isOnline(c.peer().id())));
    }

    private void delete(Context ctx) {
        chats.delete(Http.session(ctx).user(), Http.pathId(ctx, "peerId"));
        ctx.status(204);
    }

    private void history(Context ctx) {
        long peerId = Http.pathId(ctx, "peerId");
        Long before = Http.queryLong(ctx, "before");
        Long after = Http.queryLong(ctx, "after");
        Long limit = Http.queryLong(ctx, "limit");
        HistoryPage page = chats.history(Http.session(ctx).user(), peerId, before, after, limit);
        ObjectNode out = Json.object();
        ArrayNode messages = out.putArray("messages");
        for (Message m : page.messages()) messages.add(Views.message(m));
        out.put("hasMore", page.hasMore());
        out.put("changeCursor", page.changeCursor()); // extension: where GET .../changes starts from
        Http.json(ctx, 200, out);
    }

    /**
     * Extension: {@code ?q=TEXT&before=SEQ&limit=N} → {@code {"messages": [Message] newest first, "hasMore"}},
     * and (search extension) each message's {@code snippet}, the page's {@code next} seq and {@code cut}.
     */
    private void search(Context ctx) {
        SearchResults found = chats.searchMessages(Http.session(ctx).user(), Http.pathId(ctx, "peerId"), ctx.queryParam("q"),
                Http.queryLong(ctx, "before"), Http.queryLong(ctx, "limit"));
        ObjectNode out = Json.object();
        ArrayNode messages = out.putArray("messages");
        for (SearchResults.Hit h : found.hits()) messages.add(Views.message(h.message()).set("snippet", SearchRoutes.snippet(h.snippet())));
        out.put("hasMore", found.hasMore());
        SearchRoutes.putPaging(out, found, false);
        Http.json(ctx, 200, out);
    }

    private void send(Context ctx) {
        User from = Http.session(ctx).user();
        long peerId = Http.pathId(ctx, "peerId");
        ObjectNode body = Http.body(ctx);
        List<String> attachments = FileRoutes.attachmentIds(body); // extension
        String text = attachments == null || attachments.isEmpty() ? Json.string(body, "text") : Json.optionalString(body, "text");
        String clientId = Json.optionalString(body, "clientId");
        Long replyTo = Json.optionalInteger(body, "replyTo"); // extension: a reply
        ChatService.Sent sent = await(chats.send(from, peerId, text, clientId, replyTo, null, attachments));
        ObjectNode out = Json.object();
        out.set("message", Views.message(sent.message()));
        Http.json(ctx, sent.created() ? 201 : 200, out);
    }

    private void read(Context ctx) {
        long peerId = Http.pathId(ctx, "peerId");
        long upTo = Json.integer(Http.body(ctx), "upTo");
        chats.markRead(Http.session(ctx).user(), peerId, upTo);
        ctx.status(204);
    }

    /** Extension: the sender recalls a message → {@code {"message": Message}} as it now is (recalled). */
    private void recall(Context ctx) {
        Message m = chats.recall(Http.session(ctx).user(), Http.pathId(ctx, "peerId"), seq(ctx));
        ObjectNode out = Json.object();
        out.set("message", Views.message(m));
        Http.json(ctx, 200, out);
    }

    /** Extension: deletes one message from the caller's copy only. */
    private void deleteForMe(Context ctx) {
        chats.deleteForMe(Http.session(ctx).user(), Http.pathId(ctx, "peerId"), seq(ctx));
        ctx.status(204);
    }

    /**
     * Extension: {@code ?after=CURSOR&limit=N} → {@code {"changes": [{"change", "kind": "recalled"|"deleted",
     * "seq", "message"?}], "changeCursor", "hasMore"}}.
     */
    private void changes(Context ctx) {
        MessageEdit.ChangesPage page = chats.changes(Http.session(ctx).user(), Http.pathId(ctx, "peerId"),
                Http.queryLong(ctx, "after"), Http.queryLong(ctx, "limit"));
        ObjectNode out = Json.object();
        ArrayNode changes = out.putArray("changes");
        for (MessageEdit.Change c : page.changes()) {
            ObjectNode n = changes.addObject();
            n.put("change", c.change());
            n.put("kind", c.kind() == MessageEdit.Kind.RECALLED ? "recalled" : "deleted");
            n.put("seq", c.seq());
            if (c.message() != null) n.set("message", Views.message(c.message()));
        }
        out.put("changeCursor", page.cursor());
        out.put("hasMore", page.hasMore());
        Http.json(ctx, 200, out);
    }

    /** A message's seq in a path: a decimal integer, else {@code bad_request}. */
    private static long seq(Context ctx) {
        String raw = ctx.pathParam("seq");
        if (!raw.matches("[0-9]{1,18}")) throw new DuetException(ErrorCode.BAD_REQUEST, "'seq' must be a message's seq.");
        return Long.parseLong(raw);
    }

    /** Waits (on this request's virtual thread) for the group commit. */
    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw Failures.refusal(e, "an HTTP send");
        } catch (TimeoutException e) {
            throw new DuetException(ErrorCode.UNAVAILABLE, "Storing the message took too long; resend it with the same clientId.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DuetException(ErrorCode.UNAVAILABLE, "Interrupted; resend the message with the same clientId.");
        }
    }
}
