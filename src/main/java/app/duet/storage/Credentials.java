package app.duet.storage;

import app.duet.model.User;

/**
 * What a login checks: the user, their bcrypt hash, and whether an operator disabled the account
 * ({@code duet user disable}). Never leaves the accounts package.
 */
public record Credentials(User user, String passwordHash, boolean disabled) {
    public Credentials(User user, String passwordHash) {
        this(user, passwordHash, false);
    }
}
