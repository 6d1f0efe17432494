package app.duet.storage;

/** What removing a contact did. */
public enum ContactRemoval {
    /** The two were contacts and no longer are. */
    CONTACT_ENDED,
    /** A pending request between them, in either direction, was withdrawn or declined. */
    REQUEST_REMOVED,
    /** There was nothing between them. */
    NOTHING
}
