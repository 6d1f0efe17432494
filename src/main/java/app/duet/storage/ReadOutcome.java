package app.duet.storage;

/** The owner's read mark after a read, and whether the read moved it. */
public record ReadOutcome(long readMark, boolean moved) { }
