package app.duet.storage;

/** A registered person, as every client sees them. */
public record User(long id, String username, String name) { }
