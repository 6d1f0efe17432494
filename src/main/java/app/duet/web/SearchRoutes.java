package app.duet.web;

import app.duet.Json;
import app.duet.chats.ChatService;
import app.duet.chats.SearchResults;
import app.duet.chats.Snippet;
import app.duet.delivery.Views;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Extension: search in the messages of all the caller's chats ({@code GET /api/search}). */
final class SearchRoutes {
    private final ChatService chats;

    SearchRoutes(ChatService chats) {
        this.chats = chats;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/search", this::search);
    }

    /**
     * {@code ?q=TEXT&before=ID&limit=N} → {@code {"hits": [{"peer": User, "message": Message,
     * "snippet"}] newest first, "hasMore", "next": ID|null, "cut"}}.
     */
    private void search(Context ctx) {
        SearchResults found = chats.searchAllMessages(Http.session(ctx).user(), ctx.queryParam("q"),
                Http.queryLong(ctx, "before"), Http.queryLong(ctx, "limit"));
        ObjectNode out = Json.object();
        ArrayNode hits = out.putArray("hits");
        for (SearchResults.Hit h : found.hits()) {
            ObjectNode hit = hits.addObject();
            hit.set("peer", Views.user(h.peer()));
            hit.set("message", Views.message(h.message()));
            hit.set("snippet", snippet(h.snippet()));
        }
        out.put("hasMore", found.hasMore());
        putPaging(out, found, true);
        Http.json(ctx, 200, out);
    }

    /** {@code {"before", "match", "after"}}: the hit's context, "…" where text was left out. */
    static ObjectNode snippet(Snippet s) {
        ObjectNode n = Json.object();
        n.put("before", s.before());
        n.put("match", s.match());
        n.put("after", s.after());
        return n;
    }

    /** {@code next} (a message id, as a string like {@code Message.id}; or a seq) or null, and {@code cut}. */
    static void putPaging(ObjectNode out, SearchResults found, boolean nextIsMessageId) {
        if (found.next() == null) out.putNull("next");
        else if (nextIsMessageId) out.put("next", Long.toString(found.next()));
        else out.put("next", found.next());
        out.put("cut", found.cut());
    }
}
