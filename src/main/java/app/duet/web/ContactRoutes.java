package app.duet.web;

import app.duet.Json;
import app.duet.contacts.ContactService;
import app.duet.delivery.Views;
import app.duet.model.BlockedUser;
import app.duet.model.ContactRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/** §3 of the protocol: user search, contacts and contact requests. */
final class ContactRoutes {
    private final ContactService contacts;

    ContactRoutes(ContactService contacts) {
        this.contacts = contacts;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/users", this::search);
        routes.get("/api/users/search", this::findUsers);
        routes.get("/api/contacts", this::list);
        routes.post("/api/contacts", this::request);
        routes.get("/api/contacts/requests", this::requests);
        routes.delete("/api/contacts/{userId}", this::remove);
        routes.get("/api/blocks", this::blocked);
        routes.put("/api/blocks/{userId}", this::block);
        routes.delete("/api/blocks/{userId}", this::unblock);
    }

    private void search(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        contacts.search(Http.session(ctx).user(), ctx.queryParam("q")).forEach(u -> out.add(Views.user(u)));
        Http.json(ctx, 200, out);
    }

    /** Extension: by username prefix and by display name. */
    private void findUsers(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        contacts.findUsers(Http.session(ctx).user(), ctx.queryParam("q")).forEach(u -> out.add(Views.user(u)));
        Http.json(ctx, 200, out);
    }

    private void list(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ContactService.Contact c : contacts.contacts(Http.session(ctx).user())) {
            ObjectNode n = out.addObject();
            n.set("user", Views.user(c.user()));
            n.put("online", c.online());
            if (!c.online() && c.lastSeen() > 0) n.put("lastSeen", c.lastSeen()); // extension: contacts only
        }
        Http.json(ctx, 200, out);
    }

    private void request(Context ctx) {
        long userId = Json.integer(Http.body(ctx), "userId");
        boolean contactsNow = contacts.request(Http.session(ctx).user(), userId);
        ObjectNode out = Json.object();
        out.put("status", contactsNow ? "contacts" : "requested");
        Http.json(ctx, contactsNow ? 200 : 202, out);
    }

    private void requests(Context ctx) {
        ContactService.Requests r = contacts.requests(Http.session(ctx).user());
        ObjectNode out = Json.object();
        out.set("incoming", requestList(r.incoming()));
        out.set("outgoing", requestList(r.outgoing()));
        Http.json(ctx, 200, out);
    }

    private static ArrayNode requestList(List<ContactRequest> requests) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ContactRequest r : requests) {
            ObjectNode n = out.addObject();
            n.set("user", Views.user(r.user()));
            n.put("at", r.at());
        }
        return out;
    }

    /** Extension: the users the caller blocks, as {@code [{"user", "at"}]}, most recent first. */
    private void blocked(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (BlockedUser b : contacts.blocked(Http.session(ctx).user())) {
            ObjectNode n = out.addObject();
            n.set("user", Views.user(b.user()));
            n.put("at", b.at());
        }
        Http.json(ctx, 200, out);
    }

    private void block(Context ctx) {
        contacts.block(Http.session(ctx).user(), Http.pathId(ctx, "userId"));
        ctx.status(204);
    }

    private void unblock(Context ctx) {
        contacts.unblock(Http.session(ctx).user(), Http.pathId(ctx, "userId"));
        ctx.status(204);
    }

    private void remove(Context ctx) {
        contacts.remove(Http.session(ctx).user(), Http.pathId(ctx, "userId"));
        ctx.status(204);
    }
}
