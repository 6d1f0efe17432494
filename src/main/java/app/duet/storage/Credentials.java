package app.duet.storage;

import app.duet.model.User;

/** What a login checks: the user and their bcrypt hash. Never leaves the accounts package. */
public record Credentials(User user, String passwordHash) { }
