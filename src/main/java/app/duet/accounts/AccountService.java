package app.duet.accounts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.delivery.Events;
import app.duet.limits.SharedLimits;
import app.duet.storage.Credentials;
import app.duet.storage.DuplicateKeyException;
import app.duet.storage.Store;
import app.duet.model.StoredSession;
import app.duet.model.User;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registration, login, sessions, display names and passwords. The only code that sees passwords
 * and tokens. Every password check goes through {@link PasswordHasher}'s bounded pool, and is
 * preceded by the cheap refusals (rules, per-username throttle, per-address budget) so that a
 * guess that cannot succeed costs no hashing at all.
 */
public final class AccountService {
    private final Store store;
    private final Events events;
    private final Clock clock;
    private final PasswordHasher passwords;
    private final AccountPolicy policy;
    private final LoginThrottle throttle;
    private final AddressBudget loginFailuresByAddress;
    private final AddressBudget registrationsByAddress;
    /** When this node last recorded each session's use, so that use costs a write at most hourly. */
    private final Map<String, Long> lastTouched = new ConcurrentHashMap<>();

    /** How stale a session's recorded last use may get before a request refreshes it. */
    static final Duration TOUCH_EVERY = Duration.ofHours(1);
    private static final int MAX_TOUCHES_TRACKED = 100_000;

    public AccountService(Store store, Events events, Clock clock, PasswordHasher passwords, AccountPolicy policy) {
        this(store, events, clock, passwords, policy, null);
    }

    /** @param shared the limits shared by all nodes (the login throttle, the per-address budgets); null for one node */
    public AccountService(Store store, Events events, Clock clock, PasswordHasher passwords, AccountPolicy policy,
                          SharedLimits shared) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.passwords = passwords;
        this.policy = policy;
        Duration hour = Duration.ofHours(1);
        this.throttle = new LoginThrottle(clock, policy.loginMaxFailures(), policy.loginLockout(), shared == null ? null
                : shared.loginLockouts("login-failures", policy.loginMaxFailures(), policy.loginLockout()));
        this.loginFailuresByAddress = new AddressBudget(clock, policy.loginFailuresPerAddress(), AccountPolicy.LOGIN_FAILURE_WINDOW,
                shared == null ? null : shared.fixedWindows("login-failures-by-address", policy.loginFailuresPerAddress(),
                        AccountPolicy.LOGIN_FAILURE_WINDOW));
        this.registrationsByAddress = new AddressBudget(clock, policy.registrationsPerAddressPerHour(), hour,
                shared == null ? null : shared.fixedWindows("registrations-by-address", policy.registrationsPerAddressPerHour(), hour));
    }

    // ---- signing up and in

    /** {@code POST /api/register}: refused when registration is closed or the address has registered too often. */
    public SignedIn register(String username, String password, String name, ClientInfo client) {
        if (!policy.registrationOpen()) {
            throw new DuetException(ErrorCode.REGISTRATION_CLOSED, "Registration is closed here; ask the operator for an account.");
        }
        Duration registrationsWait = registrationsByAddress.exhaustedFor(client.address());
        if (registrationsWait.isPositive()) {
            throw new DuetException(ErrorCode.TOO_MANY_REQUESTS, "Too many new accounts from your network; try again later.",
                    registrationsWait);
        }
        User user = createAccount(username, password, name);
        registrationsByAddress.record(client.address());
        return new SignedIn(user, newSession(user, client));
    }

    /** Makes an account whatever the registration setting: the operator's {@code duet user add}. */
    public User createAccount(String username, String password, String name) {
        String stored = AccountRules.checkUsername(username);
        AccountRules.checkPassword(password);
        String displayName = AccountRules.checkName(name == null ? stored : name);
        if (store.findCredentials(stored).isPresent()) throw usernameTaken();
        String hash = passwords.hash(password);
        try {
            return store.createUser(stored, displayName, hash, clock.millis());
        } catch (DuplicateKeyException raced) {
            throw usernameTaken();
        }
    }

    public SignedIn login(String username, String password, ClientInfo client) {
        User user = checkPassword(username, password, client);
        return new SignedIn(user, newSession(user, client));
    }

    /**
     * The one password check of login and password change: cheap refusals first, then bcrypt on
     * the pool; a failure is counted against the username and the address.
     */
    private User checkPassword(String username, String password, ClientInfo client) {
        if (!AccountRules.isPossibleUsername(username) || !AccountRules.isPossiblePassword(password)) {
            // No account can have it: refused without hashing, and without a throttle entry to keep.
            throw invalidCredentials();
        }
        String key = AccountRules.normalizeUsername(username);
        Duration locked = throttle.lockedFor(key);
        if (locked.isPositive()) {
            throw new DuetException(ErrorCode.TOO_MANY_REQUESTS,
                    "Too many failed sign-ins for this username; try again later.", locked);
        }
        Duration addressWait = loginFailuresByAddress.exhaustedFor(client.address());
        if (addressWait.isPositive()) {
            throw new DuetException(ErrorCode.TOO_MANY_REQUESTS, "Too many failed sign-ins from your network; try again later.",
                    addressWait);
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
            loginFailuresByAddress.record(client.address());
            pause(throttle.recordFailure(key));
            throw invalidCredentials();
        }
        throttle.recordSuccess(key);
        // Told only to someone who knows the password: nobody learns from it which accounts exist.
        if (credentials.get().disabled()) {
            throw new DuetException(ErrorCode.ACCOUNT_DISABLED, "This account is disabled; ask whoever runs this Duet.");
        }
        return credentials.get().user();
    }

    // ---- sessions

    public Optional<AuthSession> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) return Optional.empty();
        byte[] hash = Tokens.hash(token);
        Optional<StoredSession> found = store.findSession(hash);
        if (found.isEmpty()) return Optional.empty();
        StoredSession s = found.get();
        if (isExpired(s, clock.millis())) return Optional.empty(); // the expiry job deletes it and closes its sockets
        AuthSession session = new AuthSession(s.user(), s.id());
        recordUse(session, s.lastUsedAt());
        return Optional.of(session);
    }

    /** Whether the session still exists (it has not been logged out, revoked or expired). */
    public boolean isLive(AuthSession session) {
        long now = clock.millis();
        return store.sessionsOf(session.userId()).stream().anyMatch(s -> s.id().equals(session.id()) && !isExpired(s, now));
    }

    /** Revokes the session at once: later calls with it fail, and its sockets are closed with 4401. */
    public void logout(AuthSession session) {
        store.deleteSession(session.userId(), session.id());
        revoked(List.of(session.id()));
    }

    /** The caller's sessions, most recently used first. */
    public List<StoredSession> sessions(AuthSession caller) {
        return store.sessionsOf(caller.userId());
    }

    /** Revokes one of the caller's sessions (as by its logout). @throws DuetException not_found if it is not theirs */
    public void revokeSession(AuthSession caller, String sessionId) {
        if (sessionId == null || sessionId.length() > 64 || !store.deleteSession(caller.userId(), sessionId)) {
            throw new DuetException(ErrorCode.NOT_FOUND, "You have no such session.");
        }
        revoked(List.of(sessionId));
    }

    /** "Sign out everywhere else": every session of the caller but this one. */
    public void revokeOtherSessions(AuthSession caller) {
        revoked(store.deleteOtherSessions(caller.userId(), caller.id()));
    }

    /**
     * Deletes the sessions nobody has used for the idle timeout, and those older than the maximum
     * age, and closes their sockets with 4401. Run periodically.
     * @return how many expired
     */
    public int expireSessions() {
        long now = clock.millis();
        // A session's recorded use may lag by up to TOUCH_EVERY; never expire one within that.
        long unusedBefore = now - policy.sessionIdleTimeout().toMillis() - TOUCH_EVERY.toMillis();
        long createdBefore = policy.sessionMaxAge().isZero() ? Long.MIN_VALUE : now - policy.sessionMaxAge().toMillis();
        List<String> expired = store.deleteExpiredSessions(unusedBefore, createdBefore);
        revoked(expired);
        return expired.size();
    }

    /** The same cut-offs as {@link #expireSessions}: a session past them is refused before it is swept. */
    private boolean isExpired(StoredSession s, long now) {
        if (!policy.sessionMaxAge().isZero() && now - s.createdAt() > policy.sessionMaxAge().toMillis()) return true;
        return now - s.lastUsedAt() > policy.sessionIdleTimeout().toMillis() + TOUCH_EVERY.toMillis();
    }

    private void revoked(List<String> sessionIds) {
        for (String id : sessionIds) {
            lastTouched.remove(id);
            events.sessionRevoked(id);
        }
    }

    private void recordUse(AuthSession session, long lastRecorded) {
        long now = clock.millis();
        // A session just made (or touched by another node) needs no write: every reconnect of a
        // fresh sign-in was a write transaction, one at a time on the writer, in the handshake.
        if (now - lastRecorded < TOUCH_EVERY.toMillis()) return;
        Long last = lastTouched.get(session.id());
        if (last != null && now - last < TOUCH_EVERY.toMillis()) return;
        if (lastTouched.size() > MAX_TOUCHES_TRACKED) lastTouched.clear(); // costs one extra write per session
        lastTouched.put(session.id(), now);
        store.touchSession(session.id(), now);
    }

    private String newSession(User user, ClientInfo client) {
        String token = Tokens.newToken();
        store.createSession(Tokens.hash(token), Tokens.newSessionId(), user.id(), ClientDescription.of(client.userAgent()), clock.millis());
        return token;
    }

    // ---- the account itself

    /** Changes the caller's display name; their contacts and their own other connections are told. */
    public User rename(AuthSession caller, String name) {
        String checked = AccountRules.checkName(name);
        User user = store.renameUser(caller.userId(), checked).orElseThrow(() ->
                new DuetException(ErrorCode.UNAUTHORIZED, "Sign in first."));
        events.userUpdated(user, store.contacts(user.id()).stream().map(User::id).toList());
        return user;
    }

    /**
     * Changes the caller's password after checking the current one (throttled like a login), and
     * signs out every other session of theirs.
     */
    public void changePassword(AuthSession caller, String current, String next, ClientInfo client) {
        AccountRules.checkPassword(next);
        checkPassword(caller.user().username(), current, client);
        String hash = passwords.hash(next);
        revoked(store.changePassword(caller.userId(), hash, caller.id()));
    }

    /** Usernames and addresses with failed logins remembered (for tests of the bounds). */
    int trackedLoginFailures() {
        return throttle.tracked() + loginFailuresByAddress.tracked();
    }

    private static DuetException invalidCredentials() {
        return new DuetException(ErrorCode.INVALID_CREDENTIALS, "Wrong username or password.");
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
