package app.duet.storage;

/** A validated message waiting to be stored. {@code clientId} may be null. */
public record NewMessage(long from, long to, String text, String clientId, long sentAt) { }
