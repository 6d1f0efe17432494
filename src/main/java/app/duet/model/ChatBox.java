package app.duet.model;

/**
 * One user's chat box with one peer: their own view of the conversation.
 *
 * @param unread     the peer's messages in the owner's copy above the owner's read mark
 * @param lastMessage the newest message of the owner's copy, or null when it holds none
 * @param updatedAt  the time of the latest activity (creation or newest message)
 * @param readMark   the highest seq the owner has read
 * @param peerReadMark the highest seq the peer has read, as their read receipts told: what the
 *                   "read" ticks show; it stays when the peer deletes their box
 * @param peerIsContact whether owner and peer are contacts now (a box outlives the contact)
 * @param peerLastSeen when the peer's last connection closed, 0 if unknown; only ever shown to a contact
 * @param settings   the owner's settings of this box (pinned, muted, marked unread)
 */
public record ChatBox(long ownerId, User peer, long unread, Message lastMessage, long updatedAt, long readMark,
                      long peerReadMark, boolean peerIsContact, long peerLastSeen, ChatSettings settings) {

    /**
     * This box as it was just before its first message: empty, nothing unread. A box created by a
     * send is announced so (the {@code chat} event), since the {@code message} event that follows
     * adds that message.
     */
    public ChatBox beforeFirstMessage() {
        return new ChatBox(ownerId, peer, 0, null, updatedAt, readMark, peerReadMark, peerIsContact, peerLastSeen, settings);
    }
}
