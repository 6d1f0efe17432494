package app.duet.model;

/** A user someone has blocked, and since when. */
public record BlockedUser(User user, long at) { }
