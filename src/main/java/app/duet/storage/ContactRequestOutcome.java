package app.duet.storage;

/** What a contact request did. */
public enum ContactRequestOutcome {
    /** The request is now pending (it may have been pending already). */
    REQUESTED,
    /** The other user had asked first: the two are contacts now. */
    BECAME_CONTACTS,
    /** They were contacts already; nothing changed. */
    ALREADY_CONTACTS,
    /** The other user blocks the one asking; nothing changed. */
    BLOCKED,
    /** The one asking blocks the other (they must unblock first); nothing changed. */
    BLOCKING
}
