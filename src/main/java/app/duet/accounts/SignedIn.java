package app.duet.accounts;

import app.duet.model.User;

/** The answer to a register or login: the user and their new session token. */
public record SignedIn(User user, String token) { }
