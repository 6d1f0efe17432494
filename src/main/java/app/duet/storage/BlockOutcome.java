package app.duet.storage;

/**
 * What blocking a user did.
 *
 * @param refused true if nothing changed because the blocker already blocks as many users as allowed
 * @param ended   what ended between the two with the block: their contact, a pending request, or nothing
 */
public record BlockOutcome(boolean refused, ContactRemoval ended) {
    public static BlockOutcome refusedTooMany() { return new BlockOutcome(true, ContactRemoval.NOTHING); }
}
