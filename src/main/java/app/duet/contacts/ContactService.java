package app.duet.contacts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.delivery.Events;
import app.duet.storage.ContactRemoval;
import app.duet.storage.ContactRequest;
import app.duet.storage.ContactRequestOutcome;
import app.duet.storage.Store;
import app.duet.storage.User;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** Finding users, asking to become contacts, accepting, declining and ending contacts. */
public final class ContactService {
    public static final int SEARCH_LIMIT = 20;

    /** A contact and whether they are online now. */
    public record Contact(User user, boolean online) { }

    /** Pending requests to and from one user. */
    public record Requests(List<ContactRequest> incoming, List<ContactRequest> outgoing) { }

    private final Store store;
    private final Events events;
    private final Clock clock;

    public ContactService(Store store, Events events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    public List<User> search(User caller, String prefix) {
        String q = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
        if (q.length() > 32) return List.of();
        return store.searchUsers(q, caller.id(), SEARCH_LIMIT);
    }

    public List<Contact> contacts(User caller) {
        return store.contacts(caller.id()).stream().map(u -> new Contact(u, events.isOnline(u.id()))).toList();
    }

    public Requests requests(User caller) {
        return new Requests(store.incomingRequests(caller.id()), store.outgoingRequests(caller.id()));
    }

    /** @return true if the two are contacts now, false if the request is pending */
    public boolean request(User caller, long otherId) {
        if (otherId == caller.id()) throw new DuetException(ErrorCode.BAD_REQUEST, "You cannot add yourself as a contact.");
        User other = existing(otherId);
        ContactRequestOutcome outcome = store.requestContact(caller.id(), other.id(), clock.millis());
        switch (outcome) {
            case REQUESTED -> events.contactRequest(other.id(), caller);
            case BECAME_CONTACTS, ALREADY_CONTACTS -> events.contactAdded(caller, other);
        }
        return outcome != ContactRequestOutcome.REQUESTED;
    }

    /** Ends a contact, or declines or withdraws a pending request; does nothing if there is neither. */
    public void remove(User caller, long otherId) {
        User other = existing(otherId);
        if (other.id() == caller.id()) return;
        ContactRemoval removal = store.removeContact(caller.id(), other.id());
        switch (removal) {
            case CONTACT_ENDED -> events.contactRemoved(caller.id(), other.id());
            case REQUEST_REMOVED -> events.contactRequestRemoved(caller.id(), other.id());
            case NOTHING -> { }
        }
    }

    private User existing(long userId) {
        return store.findUser(userId).orElseThrow(() -> new DuetException(ErrorCode.NO_SUCH_USER, "There is no such user."));
    }
}
