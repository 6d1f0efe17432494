package app.duet.web;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.accounts.AccountService;
import app.duet.accounts.Session;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Finds the session of a request: the {@code Authorization: Bearer} header if present (then
 * no Origin check is needed: a browser never adds it by itself), else the {@code duet_session}
 * cookie, which must come with an allowed Origin on anything that changes state.
 */
public final class Authenticator {
    public static final String COOKIE = "duet_session";

    private final AccountService accounts;
    private final Origins origins;

    public Authenticator(AccountService accounts, Origins origins) {
        this.accounts = accounts;
        this.origins = origins;
    }

    /**
     * @param checkOrigin whether a cookie-authenticated request must carry an allowed Origin
     * @throws DuetException unauthorized or bad_origin
     */
    public Session authenticate(HttpServletRequest req, boolean checkOrigin) {
        String header = req.getHeader("Authorization");
        if (header != null) {
            String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
            return accounts.authenticate(token).orElseThrow(Authenticator::unauthorized);
        }
        Session session = cookieToken(req).flatMap(accounts::authenticate).orElseThrow(Authenticator::unauthorized);
        if (checkOrigin && !origins.isAllowed(req.getHeader("Origin"), req.getScheme(), req.getHeader("Host"))) {
            throw new DuetException(ErrorCode.BAD_ORIGIN, "This request must come from Duet's own pages.");
        }
        return session;
    }

    /** Whether the session has not been revoked since it was authenticated. */
    public boolean isLive(Session session) {
        return accounts.isLive(session);
    }

    private static Optional<String> cookieToken(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return Optional.empty();
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) return Optional.of(c.getValue());
        }
        return Optional.empty();
    }

    private static DuetException unauthorized() {
        return new DuetException(ErrorCode.UNAUTHORIZED, "Sign in first.");
    }
}
