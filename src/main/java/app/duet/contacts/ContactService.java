package app.duet.contacts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.delivery.Events;
import app.duet.delivery.OnlineStatus;
import app.duet.limits.UserRate;
import app.duet.model.BlockedUser;
import app.duet.storage.BlockOutcome;
import app.duet.storage.ContactRemoval;
import app.duet.model.ContactRequest;
import app.duet.storage.ContactRequestOutcome;
import app.duet.storage.Store;
import app.duet.model.User;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Finding users, asking to become contacts, accepting, declining and ending contacts. */
public final class ContactService {
    public static final int SEARCH_LIMIT = 20;
    /** The longest text {@link #findUsers} takes, in code points (a display name's length). */
    public static final int MAX_SEARCH_TEXT = 64;
    /** The most users one user may block (a bound on the list, and on the table). */
    public static final int MAX_BLOCKS = 1000;

    /** A contact, whether they are online now, and when they were last seen (0: unknown). */
    public record Contact(User user, boolean online, long lastSeen) { }

    /** Pending requests to and from one user. */
    public record Requests(List<ContactRequest> incoming, List<ContactRequest> outgoing) { }

    private final Store store;
    private final Events events;
    private final OnlineStatus online;
    private final Clock clock;
    private final ContactRequestLimiter limiter;
    private final UserRate searchRate;

    /**
     * @param limiter    bounds new contact requests per user, and their repeats after a decline
     * @param searchRate bounds {@link #findUsers} per user (each one scans the users)
     */
    public ContactService(Store store, Events events, OnlineStatus online, Clock clock, ContactRequestLimiter limiter,
                          UserRate searchRate) {
        this.store = store;
        this.events = events;
        this.online = online;
        this.clock = clock;
        this.limiter = limiter;
        this.searchRate = searchRate;
    }

    public List<User> search(User caller, String prefix) {
        String q = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
        if (q.length() > 32) return List.of();
        return store.searchUsers(q, caller.id(), SEARCH_LIMIT);
    }

    /**
     * Extension {@code GET /api/users/search}: users whose username starts with {@code text} (first,
     * by username), then users whose display name contains it (any script: "王" finds 王小明),
     * at most {@link #SEARCH_LIMIT} in all, the caller excluded. It shows only what a User shows
     * anyone (no presence, no last seen), as the username search does.
     */
    public List<User> findUsers(User caller, String text) {
        String q = text == null ? "" : text.strip();
        if (q.isEmpty()) throw new DuetException(ErrorCode.BAD_REQUEST, "Give some text to search for ('q').");
        if (q.codePointCount(0, q.length()) > MAX_SEARCH_TEXT) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "Search for at most " + MAX_SEARCH_TEXT + " characters.");
        }
        if (!searchRate.tryAcquire(caller.id())) {
            throw new DuetException(ErrorCode.RATE_LIMITED, "You are searching too fast; wait a moment.");
        }
        if (q.codePoints().anyMatch(Character::isISOControl)) return List.of(); // no name or username holds one
        Map<Long, User> found = new LinkedHashMap<>();
        String lower = q.toLowerCase(Locale.ROOT);
        if (lower.length() <= 32) store.searchUsers(lower, caller.id(), SEARCH_LIMIT).forEach(u -> found.put(u.id(), u));
        if (found.size() < SEARCH_LIMIT) {
            for (User u : store.searchUsersByName(q, caller.id(), SEARCH_LIMIT)) {
                if (found.size() >= SEARCH_LIMIT) break;
                found.putIfAbsent(u.id(), u);
            }
        }
        return List.copyOf(found.values());
    }

    public List<Contact> contacts(User caller) {
        List<User> users = store.contacts(caller.id());
        Map<Long, Long> lastSeen = users.isEmpty() ? Map.of() : store.contactsLastSeen(caller.id());
        return users.stream().map(u -> new Contact(u, online.isOnline(u.id()), lastSeen.getOrDefault(u.id(), 0L))).toList();
    }

    public Requests requests(User caller) {
        return new Requests(store.incomingRequests(caller.id()), store.outgoingRequests(caller.id()));
    }

    /**
     * Asks to become contacts, or accepts the other's request.
     *
     * <p>Each new (or repeated) request notifies the other, so requests are limited: a token bucket
     * per sender, and after the other declined a request, a cooldown before the sender may ask them
     * again. Both answer {@code 429 rate_limited} with a neutral message, storing and notifying
     * nothing: the sender learns they must wait, which a real product tells them anyway, and
     * silently accepting would leave them believing a request is pending. Accepting the other's
     * request, or asking an existing contact, is never limited.
     *
     * @return true if the two are contacts now, false if the request is pending
     */
    public boolean request(User caller, long otherId) {
        if (otherId == caller.id()) throw new DuetException(ErrorCode.BAD_REQUEST, "You cannot add yourself as a contact.");
        User other = existing(otherId);
        checkNotBlocked(store, caller.id(), other.id()); // before the limiter: a refused request costs no token
        boolean coolingDown = limiter.coolingDown(caller.id(), other.id());
        boolean counted = !coolingDown && limiter.tryAcquire(caller.id());
        if (!counted && !acceptsOrIsContact(caller.id(), other.id())) {
            throw new DuetException(ErrorCode.RATE_LIMITED, "You cannot send this contact request now; try again later.");
        }
        ContactRequestOutcome outcome = store.requestContact(caller.id(), other.id(), clock.millis());
        if (counted && outcome != ContactRequestOutcome.REQUESTED) limiter.refund(caller.id());
        switch (outcome) {
            case REQUESTED -> events.contactRequest(other.id(), caller);
            case BECAME_CONTACTS, ALREADY_CONTACTS -> events.contactAdded(caller, other);
            case BLOCKED -> throw blocked(); // blocked meanwhile
            case BLOCKING -> throw unblockFirst();
        }
        return outcome != ContactRequestOutcome.REQUESTED;
    }

    /** Ends a contact, or declines or withdraws a pending request; does nothing if there is neither. */
    public void remove(User caller, long otherId) {
        User other = existing(otherId);
        if (other.id() == caller.id()) return;
        boolean declining = hasAsked(other.id(), caller.id());
        ContactRemoval removal = store.removeContact(caller.id(), other.id());
        switch (removal) {
            case CONTACT_ENDED -> events.contactRemoved(caller.id(), other.id());
            case REQUEST_REMOVED -> {
                if (declining) limiter.declined(other.id(), caller.id());
                events.contactRequestRemoved(caller.id(), other.id());
            }
            case NOTHING -> { }
        }
    }

    /**
     * Extension: the caller blocks the other user. Their contact and any pending request between
     * them end (both hear it as when a contact is removed or a request declined), and from now on
     * the other's contact requests and messages to the caller are refused ({@code blocked}). The
     * caller's other connections get {@code user_blocked}. Blocking again changes nothing.
     */
    public void block(User caller, long otherId) {
        if (otherId == caller.id()) throw new DuetException(ErrorCode.BAD_REQUEST, "You cannot block yourself.");
        User other = existing(otherId);
        BlockOutcome outcome = store.block(caller.id(), other.id(), clock.millis(), MAX_BLOCKS);
        if (outcome.refused()) {
            throw new DuetException(ErrorCode.TOO_MANY_BLOCKS, "You block " + MAX_BLOCKS + " users already; unblock some first.");
        }
        switch (outcome.ended()) {
            case CONTACT_ENDED -> events.contactRemoved(caller.id(), other.id());
            case REQUEST_REMOVED -> events.contactRequestRemoved(caller.id(), other.id());
            case NOTHING -> { }
        }
        events.userBlocked(caller.id(), other);
    }

    /** Extension: lifts the caller's block of the other user (they are not contacts again until one asks). */
    public void unblock(User caller, long otherId) {
        User other = existing(otherId);
        if (store.unblock(caller.id(), other.id())) events.userUnblocked(caller.id(), other.id());
    }

    /** The users the caller blocks, most recently blocked first. */
    public List<BlockedUser> blocked(User caller) {
        return store.blockedUsers(caller.id(), MAX_BLOCKS);
    }

    /**
     * Refuses what needs the two to be contacts when either blocks the other: {@code blocked} if
     * the other blocks the caller (said plainly, so the caller stops trying), {@code unblock_first}
     * if the caller blocks the other. Shared with the chat service, for sends and new boxes.
     */
    public static void checkNotBlocked(Store store, long callerId, long otherId) {
        if (store.blocks(otherId, callerId)) throw blocked();
        if (store.blocks(callerId, otherId)) throw unblockFirst();
    }

    private static DuetException blocked() {
        return new DuetException(ErrorCode.BLOCKED, "This user does not accept contact requests or messages from you.");
    }

    private static DuetException unblockFirst() {
        return new DuetException(ErrorCode.UNBLOCK_FIRST, "You blocked this user; unblock them first.");
    }

    /** Whether a request from the caller to the other would make them contacts (or they are already). */
    private boolean acceptsOrIsContact(long caller, long other) {
        return hasAsked(other, caller) || store.areContacts(caller, other);
    }

    /** Whether {@code from} has a pending request to {@code to}. */
    private boolean hasAsked(long from, long to) {
        return store.outgoingRequests(from).stream().anyMatch(r -> r.user().id() == to);
    }

    private User existing(long userId) {
        return store.findUser(userId).orElseThrow(() -> new DuetException(ErrorCode.NO_SUCH_USER, "There is no such user."));
    }
}
