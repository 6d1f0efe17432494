package app.duet.storage;

import java.util.List;
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

    void createSession(byte[] tokenHash, long userId, long now);

    /** The user a session token belongs to, if the session is live. */
    Optional<User> findSessionUser(byte[] tokenHash);

    /** @return whether a session was deleted */
    boolean deleteSession(byte[] tokenHash);

    /** Records that the session was used at {@code now}. */
    void touchSession(byte[] tokenHash, long now);

    /** Deletes the sessions last used before {@code cutoff}. @return how many */
    int deleteSessionsUnusedSince(long cutoff);

    // ---- contacts

    ContactRequestOutcome requestContact(long from, long to, long now);

    ContactRemoval removeContact(long userId, long otherId);

    boolean areContacts(long a, long b);

    /** The user's contacts, sorted by name. */
    List<User> contacts(long userId);

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
     * Moves the owner's read mark up to {@code upTo}, never down and never past the pair's
     * last seq. @return empty if the owner has no chat box with that peer
     */
    Optional<ReadOutcome> markRead(long ownerId, long peerId, long upTo);

    /** @return whether the owner had that chat box */
    boolean deleteChat(long ownerId, long peerId);

    /**
     * Stores messages in one transaction, in list order, one outcome per message in the same
     * order. Within the transaction each message: returns the first message for a repeated
     * (sender, clientId); is refused if the recipient does not exist or the two are not
     * contacts; else takes the pair's next seq, goes into both users' copies and creates
     * whichever chat box is missing.
     */
    List<AppendOutcome> appendMessages(List<NewMessage> messages);

    /** A cheap round trip to the database, for health checks. */
    boolean isHealthy();

    @Override
    void close();
}
