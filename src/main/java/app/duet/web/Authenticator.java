package app.duet.web;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.accounts.AccountService;
import app.duet.accounts.AuthSession;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Finds the session of a request: {@code Authorization: Bearer} if the request carries Duet's
 * scheme (then no Origin check is needed: a browser never adds it by itself), else the
 * {@code duet_session} cookie, which must come with an allowed Origin on anything that changes
 * state. Another scheme ({@code Basic} credentials meant for a reverse proxy, which a browser does
 * add by itself) is not Duet's: the cookie decides, Origin check included.
 */
public final class Authenticator {
    public static final String COOKIE = "duet_session";
    private static final String BEARER = "Bearer";

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
    public AuthSession authenticate(HttpServletRequest req, boolean checkOrigin) {
        String header = req.getHeader("Authorization");
        if (header != null && isBearer(header)) {
            String token = header.substring(BEARER.length()).strip();
            return accounts.authenticate(token.isEmpty() ? null : token).orElseThrow(Authenticator::unauthorized);
        }
        AuthSession session = cookieToken(req).flatMap(accounts::authenticate).orElseThrow(Authenticator::unauthorized);
        if (checkOrigin && !isOwnOrAllowed(req)) {
            throw new DuetException(ErrorCode.BAD_ORIGIN, "This request must come from Duet's own pages.");
        }
        return session;
    }

    /**
     * Sign-in and sign-up (login CSRF): a request that names an Origin must name the server's own or
     * an allowed one; one without an Origin (curl, bots, the CLI) is not from a browser page and passes.
     *
     * @throws DuetException bad_origin
     */
    public void checkSignInOrigin(HttpServletRequest req) {
        if (req.getHeader("Origin") != null && !isOwnOrAllowed(req)) {
            throw new DuetException(ErrorCode.BAD_ORIGIN, "Sign in from Duet's own pages.");
        }
    }

    private boolean isOwnOrAllowed(HttpServletRequest req) {
        return origins.isAllowed(req.getHeader("Origin"), req.getScheme(), req.getHeader("Host"));
    }

    /** {@code Bearer} followed by white space or nothing, in any case (RFC 9110 §11.1). */
    private static boolean isBearer(String header) {
        return header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && (header.length() == BEARER.length() || Character.isWhitespace(header.charAt(BEARER.length())));
    }

    /** Whether the session has not been revoked since it was authenticated. */
    public boolean isLive(AuthSession session) {
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
