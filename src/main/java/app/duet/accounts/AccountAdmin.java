package app.duet.accounts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.model.AccountSummary;
import app.duet.model.AuditEntry;
import app.duet.model.User;
import app.duet.storage.Credentials;
import app.duet.storage.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an operator does to accounts without a browser ({@code duet user ...}), on the configured
 * database whether a server runs on it or not. Every action is written to the audit log in the
 * transaction that does it; the servers read the log ({@link AdminWatcher}) and close the sockets
 * of an account disabled or signed out here.
 */
public final class AccountAdmin {
    /** Actions after which the account's sockets must close (its sessions are gone). */
    static final Set<String> SIGNING_OUT = Set.of("user.disable", "user.reset-password", "user.revoke-sessions");

    private final Store store;
    private final PasswordHasher passwords;
    private final Clock clock;
    private final String actor;

    /** @param actor who runs the commands, for the audit log (e.g. the operating-system user) */
    public AccountAdmin(Store store, PasswordHasher passwords, Clock clock, String actor) {
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
        this.actor = actor;
    }

    /** Every account, by username. */
    public List<AccountSummary> list() {
        List<AccountSummary> all = new ArrayList<>();
        String after = "";
        while (true) {
            List<AccountSummary> page = store.accounts(after, 500);
            all.addAll(page);
            if (page.size() < 500) return all;
            after = page.getLast().user().username();
        }
    }

    /** The latest {@code n} entries of the audit log, oldest first. */
    public List<AuditEntry> auditLog(int n) {
        return store.latestAudit(n);
    }

    /** Records an account made by the operator ({@code duet user add}). */
    public void added(User user) {
        store.audit(AuditEntry.of(clock.millis(), actor, "user.add", user.id(), user.username()));
    }

    /** @return how many sessions were signed out */
    public int disable(String username) {
        User u = find(username);
        return store.setDisabled(u.id(), true, entry("user.disable", u)).orElseThrow(() -> noSuchUser(username)).size();
    }

    public void enable(String username) {
        User u = find(username);
        if (store.setDisabled(u.id(), false, entry("user.enable", u)).isEmpty()) throw noSuchUser(username);
    }

    /** @return how many sessions were signed out */
    public int resetPassword(String username, String newPassword) {
        User u = find(username);
        AccountRules.checkPassword(newPassword);
        return store.resetPassword(u.id(), passwords.hash(newPassword), entry("user.reset-password", u))
                .orElseThrow(() -> noSuchUser(username)).size();
    }

    /** @return how many sessions were signed out */
    public int revokeSessions(String username) {
        User u = find(username);
        return store.revokeSessions(u.id(), entry("user.revoke-sessions", u)).size();
    }

    private AuditEntry entry(String action, User u) {
        return AuditEntry.of(clock.millis(), actor, action, u.id(), u.username());
    }

    /** Records that the operator exported an account's data ({@code duet export}), to {@code where}. */
    public void exported(User user, String where) {
        store.audit(AuditEntry.of(clock.millis(), actor, "user.export", user.id(), user.username() + " to " + where));
    }

    /** @throws DuetException {@code no_such_user} */
    public User find(String username) {
        String key = username == null ? "" : AccountRules.normalizeUsername(username);
        return store.findCredentials(key).map(Credentials::user).orElseThrow(() -> noSuchUser(username));
    }

    private static DuetException noSuchUser(String username) {
        return new DuetException(ErrorCode.NO_SUCH_USER, "There is no user '" + username + "'.");
    }
}
