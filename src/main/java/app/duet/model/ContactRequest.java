package app.duet.model;

/** A pending contact request, seen from one side: the other user and when it was made. */
public record ContactRequest(User user, long at) { }
