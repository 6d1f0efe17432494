package app.duet.model;

/** One of someone's contacts, and since when the two have been contacts. */
public record ContactSince(User user, long since) { }
