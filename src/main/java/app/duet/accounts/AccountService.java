package app.duet.accounts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.delivery.Events;
import app.duet.storage.Credentials;
import app.duet.storage.DuplicateKeyException;
import app.duet.storage.Store;
import app.duet.storage.User;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Registration, login, logout and token checks. The only code that sees passwords and tokens. */
public final class AccountService {
    private final Store store;
    private final Events events;
    private final Clock clock;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final Duration sessionIdleTimeout;
    /** When this node last recorded each session's use, so that use costs a write at most hourly. */
    private final Map<String, Long> lastTouched = new ConcurrentHashMap<>();

    /** How stale a session's recorded last use may get before a request refreshes it. */
    static final Duration TOUCH_EVERY = Duration.ofHours(1);
    private static final int MAX_TOUCHES_TRACKED = 100_000;

    public AccountService(Store store, Events events, Clock clock, int bcryptCost, int loginMaxFailures, Duration loginLockout,
                          Duration sessionIdleTimeout) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.passwords = new Passwords(bcryptCost);
        this.throttle = new LoginThrottle(clock, loginMaxFailures, loginLockout);
        this.sessionIdleTimeout = sessionIdleTimeout;
    }

    public SignedIn register(String username, String password, String name) {
        String stored = AccountRules.checkUsername(username);
        AccountRules.checkPassword(password);
        String displayName = AccountRules.checkName(name == null ? stored : name);
        if (store.findCredentials(stored).isPresent()) throw usernameTaken();
        String hash = passwords.hash(password);
        User user;
        try {
            user = store.createUser(stored, displayName, hash, clock.millis());
        } catch (DuplicateKeyException raced) {
            throw usernameTaken();
        }
        return new SignedIn(user, newSession(user));
    }

    public SignedIn login(String username, String password) {
        String key = AccountRules.normalizeUsername(username);
        if (throttle.isLocked(key)) {
            throw new DuetException(ErrorCode.TOO_MANY_REQUESTS, "Too many failed sign-ins for this username; try again later.");
        }
        Optional<Credentials> credentials = store.findCredentials(key);
        boolean ok;
        if (credentials.isPresent()) {
            ok = passwords.verify(password, credentials.get().passwordHash());
        } else {
            passwords.verifyDecoy(password);
            ok = false;
        }
        if (!ok) {
            pause(throttle.recordFailure(key));
            throw new DuetException(ErrorCode.INVALID_CREDENTIALS, "Wrong username or password.");
        }
        throttle.recordSuccess(key);
        User user = credentials.get().user();
        return new SignedIn(user, newSession(user));
    }

    /** Revokes the session at once: later calls with it fail, and its sockets are closed with 4401. */
    public void logout(Session session) {
        store.deleteSession(session.tokenHash());
        lastTouched.remove(session.sessionKey());
        events.sessionRevoked(session.sessionKey());
    }

    public Optional<Session> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) return Optional.empty();
        byte[] hash = Tokens.hash(token);
        Optional<Session> session = store.findSessionUser(hash).map(user -> new Session(user, hash));
        session.ifPresent(this::recordUse);
        return session;
    }

    private void recordUse(Session session) {
        long now = clock.millis();
        Long last = lastTouched.get(session.sessionKey());
        if (last != null && now - last < TOUCH_EVERY.toMillis()) return;
        if (lastTouched.size() > MAX_TOUCHES_TRACKED) lastTouched.clear(); // costs one extra write per session
        lastTouched.put(session.sessionKey(), now);
        store.touchSession(session.tokenHash(), now);
    }

    /**
     * Deletes the sessions nobody has used for the idle timeout: a token copied from a forgotten
     * device stops working by itself. Run periodically.
     * @return how many expired
     */
    public int expireIdleSessions() {
        // A session's recorded use may lag by up to TOUCH_EVERY; never expire one within that.
        long cutoff = clock.millis() - sessionIdleTimeout.toMillis() - TOUCH_EVERY.toMillis();
        return store.deleteSessionsUnusedSince(cutoff);
    }

    /** Whether the session still exists (it has not been logged out). */
    public boolean isLive(Session session) {
        return store.findSessionUser(session.tokenHash()).isPresent();
    }

    private String newSession(User user) {
        String token = Tokens.newToken();
        store.createSession(Tokens.hash(token), user.id(), clock.millis());
        return token;
    }

    private static DuetException usernameTaken() {
        return new DuetException(ErrorCode.USERNAME_TAKEN, "That username is taken.");
    }

    private static void pause(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
