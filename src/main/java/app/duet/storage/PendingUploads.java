package app.duet.storage;

/** A user's uploads that no message holds yet: how many, and their bytes. */
public record PendingUploads(int count, long bytes) { }
