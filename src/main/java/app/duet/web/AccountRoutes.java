package app.duet.web;

import app.duet.Json;
import app.duet.accounts.AccountService;
import app.duet.accounts.ClientInfo;
import app.duet.accounts.AuthSession;
import app.duet.accounts.SignedIn;
import app.duet.delivery.Views;
import app.duet.model.StoredSession;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** §2 and §2.1 of the protocol: register, login, logout, me, display name, password, sessions. */
final class AccountRoutes {
    /** A year: the session lives until logout; the cookie should not vanish when the browser closes. */
    private static final int COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

    private final AccountService accounts;
    private final ClientAddresses addresses;
    /** The cookie is Secure when people reach Duet over https (configured), whatever the proxy in front says. */
    private final boolean publicUrlIsHttps;

    AccountRoutes(AccountService accounts, ClientAddresses addresses, boolean publicUrlIsHttps) {
        this.accounts = accounts;
        this.addresses = addresses;
        this.publicUrlIsHttps = publicUrlIsHttps;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/register", this::registerUser);
        routes.post("/api/login", this::login);
        routes.post("/api/logout", this::logout);
        routes.get("/api/me", ctx -> Http.json(ctx, 200, Views.user(Http.session(ctx).user())));
        routes.patch("/api/me", this::rename);
        routes.put("/api/me/password", this::changePassword);
        routes.get("/api/sessions", this::listSessions);
        routes.delete("/api/sessions", ctx -> {
            accounts.revokeOtherSessions(Http.session(ctx));
            ctx.status(204);
        });
        routes.delete("/api/sessions/{id}", ctx -> {
            accounts.revokeSession(Http.session(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    private void registerUser(Context ctx) {
        ObjectNode body = Http.body(ctx);
        String username = Json.string(body, "username");
        String password = Json.string(body, "password");
        String name = Json.optionalString(body, "name");
        signedIn(ctx, 201, accounts.register(username, password, name, client(ctx)));
    }

    private void login(Context ctx) {
        ObjectNode body = Http.body(ctx);
        String username = Json.string(body, "username");
        String password = Json.string(body, "password");
        signedIn(ctx, 200, accounts.login(username, password, client(ctx)));
    }

    private void logout(Context ctx) {
        accounts.logout(Http.session(ctx));
        ctx.header("Set-Cookie", cookie(ctx, "", 0));
        ctx.status(204);
    }

    private void rename(Context ctx) {
        ObjectNode body = Http.body(ctx);
        String name = Json.string(body, "name");
        Http.json(ctx, 200, Views.user(accounts.rename(Http.session(ctx), name)));
    }

    private void changePassword(Context ctx) {
        ObjectNode body = Http.body(ctx);
        String current = Json.string(body, "current");
        String next = Json.string(body, "new");
        accounts.changePassword(Http.session(ctx), current, next, client(ctx));
        ctx.status(204);
    }

    private void listSessions(Context ctx) {
        AuthSession caller = Http.session(ctx);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (StoredSession s : accounts.sessions(caller)) {
            ObjectNode n = out.addObject();
            n.put("id", s.id());
            n.put("createdAt", s.createdAt());
            n.put("lastUsedAt", s.lastUsedAt());
            n.put("current", s.id().equals(caller.id()));
            n.put("client", s.client());
        }
        Http.json(ctx, 200, out);
    }

    private ClientInfo client(Context ctx) {
        return new ClientInfo(addresses.of(ctx.req()), ctx.header("User-Agent"));
    }

    private void signedIn(Context ctx, int status, SignedIn s) {
        ObjectNode out = Json.object();
        out.set("user", Views.user(s.user()));
        out.put("token", s.token());
        ctx.header("Set-Cookie", cookie(ctx, s.token(), COOKIE_MAX_AGE_SECONDS));
        Http.json(ctx, status, out);
    }

    private String cookie(Context ctx, String value, int maxAge) {
        String secure = publicUrlIsHttps || ctx.req().isSecure() ? "; Secure" : "";
        return Authenticator.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + secure;
    }
}
