package app.duet.storage;

import app.duet.model.AccountSummary;
import app.duet.model.AuditEntry;
import app.duet.model.BlockedUser;
import app.duet.model.ChatBox;
import app.duet.model.ContactRequest;
import app.duet.model.ContactSince;
import app.duet.model.StoredSession;
import app.duet.model.User;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Duet keeps, behind one small interface. Each method is one transaction; callers
 * never see a driver exception, only {@link StorageException} (and {@link DuplicateKeyException}).
 * Every adapter passes the same contract suite ({@code StoreContract} in the tests).
 *
 * <p>The model: messages are stored once per pair of users with a per-pair {@code seq}. A chat box
 * belongs to its owner and holds the pair's messages from its own start on, so deleting it
 * removes that copy for the owner only, and a box created later starts empty.
 */
public interface Store extends AutoCloseable {

    // ---- users and sessions

    /** @throws DuplicateKeyException if the username is taken */
    User createUser(String username, String name, String passwordHash, long now);

    Optional<User> findUser(long id);

    /** @param username already lower-case */
    Optional<Credentials> findCredentials(String username);

    /** At most {@code limit} users whose username starts with {@code prefix}, by username. */
    List<User> searchUsers(String prefix, long excludeUserId, int limit);

    /**
     * At most {@code limit} users whose display name contains {@code text} (letter case ignored as
     * far as the database folds it: ASCII on SQLite, the database's locale on PostgreSQL), by id.
     * {@code text} is matched literally ({@code %} and {@code _} are no wildcards).
     */
    List<User> searchUsersByName(String text, long excludeUserId, int limit);

    /**
     * Changes a user's display name. @return the user as changed, or empty if there is no such user
     */
    Optional<User> renameUser(long userId, String name);

    /**
     * Replaces a user's password hash and, in the same transaction, deletes every session of theirs
     * but {@code keepSessionId}. @return the ids of the sessions deleted
     */
    List<String> changePassword(long userId, String passwordHash, String keepSessionId);

    /**
     * @param id     the session's public id (not its token; it names the session in lists and on the bus)
     * @param client a short description of the device, e.g. "Firefox on Linux"
     */
    void createSession(byte[] tokenHash, String id, long userId, String client, long now);

    /** The session a token belongs to, with its user, if the session is live. */
    Optional<StoredSession> findSession(byte[] tokenHash);

    /** The user's sessions, most recently used first. */
    List<StoredSession> sessionsOf(long userId);

    /** Records that the session was used at {@code now} (its last use never goes back). */
    void touchSession(String id, long now);

    /** @return whether the user had a session with this id (it is now deleted) */
    boolean deleteSession(long userId, String id);

    /** Deletes every session of the user except {@code keepId}. @return the ids deleted */
    List<String> deleteOtherSessions(long userId, String keepId);

    /**
     * Deletes the sessions last used before {@code unusedBefore} or created before {@code createdBefore}.
     * @return the ids deleted
     */
    List<String> deleteExpiredSessions(long unusedBefore, long createdBefore);

    /**
     * Records when each user's last connection closed ({@code atByUser}: user id to time), in one
     * transaction; a later time only ever replaces an earlier one, and an unknown user is skipped.
     */
    void recordLastSeen(Map<Long, Long> atByUser);

    /** When each of the user's contacts was last seen, for those known (contact id to time). */
    Map<Long, Long> contactsLastSeen(long userId);

    // ---- contacts

    /** Refused ({@code BLOCKED}, {@code BLOCKING}) if either blocks the other. */
    ContactRequestOutcome requestContact(long from, long to, long now);

    ContactRemoval removeContact(long userId, long otherId);

    /**
     * {@code userId} blocks {@code otherId}: in one transaction, ends their contact and any pending
     * request between them, and records the block (again: nothing new). Refused, changing nothing,
     * if {@code userId} already blocks {@code maxBlocks} others.
     */
    BlockOutcome block(long userId, long otherId, long now, int maxBlocks);

    /** @return whether {@code userId} blocked {@code otherId} (the block is now gone) */
    boolean unblock(long userId, long otherId);

    /** Whether {@code blocker} blocks {@code blocked}. */
    boolean blocks(long blocker, long blocked);

    /** The users {@code userId} blocks, most recently blocked first, at most {@code limit}. */
    List<BlockedUser> blockedUsers(long userId, int limit);

    boolean areContacts(long a, long b);

    /** The user's contacts, sorted by name. */
    List<User> contacts(long userId);

    /** The user's contacts with when each became one (a request accepted), sorted by name. */
    List<ContactSince> contactsSince(long userId);

    List<ContactRequest> incomingRequests(long userId);

    List<ContactRequest> outgoingRequests(long userId);

    // ---- chat boxes and messages

    Optional<ChatBox> findChat(long ownerId, long peerId);

    /** The owner's chat boxes, latest activity first. */
    List<ChatBox> listChats(long ownerId);

    /**
     * Creates an empty chat box (it holds only messages stored after now).
     * @return whether it was created; false if the owner already had it
     */
    boolean createChat(long ownerId, long peerId, long now);

    /** @return empty if the owner has no chat box with that peer */
    Optional<HistoryPage> history(long ownerId, long peerId, HistoryQuery query);

    /**
     * Messages of the owner's copy of one chat (from the box's start on, none hidden from the owner)
     * whose text contains {@code text} (letter case folded: {@link SearchText}), newest first, with
     * seq below {@code beforeSeq} if given, at most {@code limit}; {@link MessageHits#next()} is a seq.
     * Each search examines a bounded number of rows ({@link SearchText}); a page cut short says so.
     * @return empty if the owner has no chat box with that peer
     */
    Optional<MessageHits> searchMessages(long ownerId, long peerId, String text, Long beforeSeq, int limit);

    /**
     * As {@link #searchMessages}, over every chat box of the owner's at once, newest first by message
     * id, with id below {@code beforeId} if given; {@link MessageHits#next()} is a message id.
     */
    MessageHits searchAllMessages(long ownerId, String text, Long beforeId, int limit);

    /**
     * Moves the owner's read mark up to {@code upTo}, never down and never past the pair's
     * last seq. @return empty if the owner has no chat box with that peer
     */
    Optional<ReadOutcome> markRead(long ownerId, long peerId, long upTo);

    /** @return whether the owner had that chat box */
    default boolean deleteChat(long ownerId, long peerId) {
        return deleteChatErasingFiles(ownerId, peerId).isPresent();
    }

    /**
     * Deletes the owner's chat box, and in the same transaction the messages that no remaining
     * copy holds and their uploads' rows. @return the ids of the uploads erased (their blobs are
     * the caller's to delete), or empty if the owner had no such box
     */
    Optional<List<String>> deleteChatErasingFiles(long ownerId, long peerId);

    /**
     * Changes the owner's settings of a chat box: each of {@code pinned}, {@code muted},
     * {@code markedUnread} that is not null. @return the box as changed, or empty if the owner has none
     */
    Optional<ChatBox> changeChatSettings(long ownerId, long peerId, Boolean pinned, Boolean muted, Boolean markedUnread);

    /**
     * Stores messages in one transaction, in list order, one outcome per message in the same
     * order. Within the transaction each message: returns the first message for a repeated
     * (sender, clientId); is refused if the recipient does not exist or the two are not
     * contacts; else takes the pair's next seq, goes into both users' copies and creates
     * whichever chat box is missing.
     */
    List<AppendOutcome> appendMessages(List<NewMessage> messages);

    // ---- message edits (extension): replies are in appendMessages; recall, delete for me, changes

    /**
     * The sender takes back message {@code seq} of their copy: in one transaction its text becomes
     * '' and {@code recalled_at} {@code now} (in both copies), its attachments go (a hook for
     * now), and the pair's next change is recorded. Refused, changing nothing, if the message is
     * not in the sender's copy, was not sent by them, or was sent before {@code sentNoEarlierThan}.
     * @return empty if the sender has no chat box with that peer
     */
    Optional<MessageEdit.Recall> recallMessage(long senderId, long peerId, long seq, long now, long sentNoEarlierThan);

    /**
     * Deletes message {@code seq} from the owner's copy only ("delete for me"): history, the last
     * message of the box and its unread count leave it out from now on; the pair's next change is
     * recorded for the owner. @return empty if the owner has no chat box with that peer
     */
    Optional<MessageEdit.Hide> hideMessage(long ownerId, long peerId, long seq, long now);

    /**
     * The edits of the owner's copy with a change number above {@code after} (recalls, and the
     * owner's own deletions; nothing before the box's start), oldest first, at most {@code limit}.
     * @return empty if the owner has no chat box with that peer
     */
    Optional<MessageEdit.ChangesPage> changes(long ownerId, long peerId, long after, int limit);

    // ---- uploads (pictures and files attached to messages)

    /**
     * Records a pending upload before its bytes are stored, its kind {@code "uploading"} (so the
     * blob sweeper never takes a blob being written for one that no row names), sized as declared.
     */
    void createUpload(Upload upload);

    /** Records what an upload turned out to be, once its blob is stored. @return whether its row still exists */
    boolean finishUpload(Upload upload);

    /** The owner's uploads that no message holds yet. */
    PendingUploads pendingUploads(long ownerId);

    /** Those of {@code ids} that are finished uploads of {@code ownerId}, pending or not, in any order. */
    List<Upload> uploadsOf(long ownerId, List<String> ids);

    /**
     * The upload if {@code readerId} may read it: their own pending upload, or an attachment of a
     * message in the reader's own copy (their box with the other user exists and starts at or
     * before the message's seq, and they did not hide the message).
     */
    Optional<Upload> readableUpload(String id, long readerId);

    /**
     * At most {@code limit} uploads to sweep: pending ones made before {@code createdBefore}, and
     * attached ones whose message is gone (erased by a node that did not erase its files).
     */
    List<Upload> sweepableUploads(long createdBefore, int limit);

    /**
     * Deletes an upload's row, unless a message that still exists holds it (a send may have claimed
     * it since it was found sweepable). @return whether it was deleted
     */
    boolean deleteUpload(String id);

    /** Which of {@code ids} name an upload (for sweeping blobs that no row names). */
    List<String> existingUploads(List<String> ids);

    /**
     * Detaches and deletes the uploads of one message (for recall: its files are erased while the
     * message row stays). @return the ids of the uploads deleted (their blobs are the caller's to delete)
     */
    List<String> eraseMessageFiles(long messageId);

    // ---- administration (duet user ...): each action commits with its audit entry

    /** Accounts by username after {@code afterUsername} ("" for the first), at most {@code limit}. */
    List<AccountSummary> accounts(String afterUsername, int limit);

    /** One account as {@link #accounts} lists it (when it was made, for a data export), or empty if there is none. */
    Optional<AccountSummary> account(long userId);

    /**
     * Disables the account (deleting every session of it) or enables it again, and records
     * {@code entry}, in one transaction. @return the ids of the sessions deleted; empty if there is no such user
     */
    Optional<List<String>> setDisabled(long userId, boolean disabled, AuditEntry entry);

    /** A new password hash, every session deleted, {@code entry} recorded. @return as {@link #setDisabled} */
    Optional<List<String>> resetPassword(long userId, String passwordHash, AuditEntry entry);

    /** Every session of the user deleted, {@code entry} recorded. @return the ids deleted */
    List<String> revokeSessions(long userId, AuditEntry entry);

    /** Records an administrative action that changes nothing else here (e.g. an account made). */
    void audit(AuditEntry entry);

    /** The audit log after entry {@code afterId}, oldest first, at most {@code limit}. */
    List<AuditEntry> auditLog(long afterId, int limit);

    /** The latest {@code limit} entries of the audit log, oldest first (ids may have gaps: a rolled-back insert leaves one). */
    List<AuditEntry> latestAudit(int limit);

    /** The audit log's last id (0 when empty). */
    long lastAuditId();

    /** A cheap round trip to the database, for health checks. */
    boolean isHealthy();

    @Override
    void close();
}
