package app.duet.web;

import app.duet.Json;
import app.duet.accounts.AccountService;
import app.duet.accounts.SignedIn;
import app.duet.delivery.Views;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** §2 of the protocol: register, login, logout, me. */
final class AccountRoutes {
    /** A year: the session lives until logout; the cookie should not vanish when the browser closes. */
    private static final int COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

    private final AccountService accounts;

    AccountRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/register", this::registerUser);
        routes.post("/api/login", this::login);
        routes.post("/api/logout", this::logout);
        routes.get("/api/me", ctx -> Http.json(ctx, 200, Views.user(Http.session(ctx).user())));
    }

    private void registerUser(Context ctx) {
        ObjectNode body = Http.body(ctx);
        String username = Json.string(body, "username");
        String password = Json.string(body, "password");
        String name = Json.optionalString(body, "name");
        signedIn(ctx, 201, accounts.register(username, password, name));
    }

    private void login(Context ctx) {
        ObjectNode body = Http.body(ctx);
        String username = Json.string(body, "username");
        String password = Json.string(body, "password");
        signedIn(ctx, 200, accounts.login(username, password));
    }

    private void logout(Context ctx) {
        accounts.logout(Http.session(ctx));
        ctx.header("Set-Cookie", cookie("", 0));
        ctx.status(204);
    }

    private static void signedIn(Context ctx, int status, SignedIn s) {
        ObjectNode out = Json.object();
        out.set("user", Views.user(s.user()));
        out.put("token", s.token());
        ctx.header("Set-Cookie", cookie(s.token(), COOKIE_MAX_AGE_SECONDS));
        Http.json(ctx, status, out);
    }

    private static String cookie(String value, int maxAge) {
        return Authenticator.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict";
    }
}
