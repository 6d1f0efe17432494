package app.duet.chats;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Metrics;
import app.duet.delivery.Events;
import app.duet.storage.AppendOutcome;
import app.duet.storage.ChatBox;
import app.duet.storage.HistoryPage;
import app.duet.storage.HistoryQuery;
import app.duet.storage.Message;
import app.duet.storage.ReadOutcome;
import app.duet.storage.Store;
import app.duet.storage.User;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Chat boxes and messages: the one place that changes them and publishes what changed.
 * Web handlers parse and authenticate, then call exactly one method here.
 */
public final class ChatService implements AutoCloseable {
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    /** A message as the sender's send left it: stored now, or the first one for a repeated clientId. */
    public record Sent(Message message, boolean created) { }

    /** A chat box and whether this call created it. */
    public record Opened(ChatBox chat, boolean created) { }

    private final Store store;
    private final Events events;
    private final Clock clock;
    private final SendRateLimiter rateLimiter;
    private final GroupCommitter committer;
    private final TypingThrottle typingThrottle;

    public ChatService(Store store, Events events, Metrics metrics, Clock clock,
                       double sendRatePerSecond, int sendBurst, int maxCommitBatch) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.rateLimiter = new SendRateLimiter(clock, sendRatePerSecond, sendBurst);
        this.typingThrottle = new TypingThrottle(clock);
        this.committer = new GroupCommitter(store, clock, metrics, maxCommitBatch, this::publishCommitted);
    }

    public List<ChatBox> list(User owner) {
        return store.listChats(owner.id());
    }

    public boolean isOnline(long userId) {
        return events.isOnline(userId);
    }

    /** Opens the caller's chat box with a peer, creating it (empty) if the two are contacts. */
    public Opened open(User owner, long peerId) {
        checkNotSelf(owner, peerId);
        existingUser(peerId);
        var existing = store.findChat(owner.id(), peerId);
        if (existing.isPresent()) return new Opened(existing.get(), false);
        if (!store.areContacts(owner.id(), peerId)) throw notContact();
        boolean created = store.createChat(owner.id(), peerId, clock.millis());
        ChatBox chat = store.findChat(owner.id(), peerId).orElseThrow();
        if (created) events.chatChanged(chat);
        return new Opened(chat, created);
    }

    public HistoryPage history(User owner, long peerId, HistoryQuery query) {
        return store.history(owner.id(), peerId, query).orElseThrow(ChatService::noChat);
    }

    /**
     * Validates and queues a message for the group committer. The future completes once it is
     * durably stored (and its events are published), or fails with a {@link DuetException}.
     *
     * @param originConnectionId the WebSocket that sent it (it gets the ack), or null for HTTP
     */
    public CompletableFuture<Sent> send(User from, long to, String text, String clientId, String originConnectionId) {
        checkNotSelf(from, to);
        MessageRules.checkText(text);
        MessageRules.checkClientId(clientId);
        if (!rateLimiter.tryAcquire(from.id())) {
            throw new DuetException(ErrorCode.RATE_LIMITED, "You are sending too fast; wait a moment.");
        }
        return committer.submit(from.id(), to, text, clientId, originConnectionId).thenApply(outcome -> switch (outcome) {
            case AppendOutcome.Stored s -> new Sent(s.message(), true);
            case AppendOutcome.Duplicate d -> new Sent(d.message(), false);
            case AppendOutcome.Rejected r -> throw new DuetException(r.code(), r.reason());
        });
    }

    /** Runs on the committer thread, in commit order: box creations first, then the message. */
    private void publishCommitted(GroupCommitter.Pending send, AppendOutcome outcome) {
        switch (outcome) {
            case AppendOutcome.Stored s -> {
                Message m = s.message();
                if (s.createdRecipientChat() != null) events.chatChanged(s.createdRecipientChat());
                if (s.createdSenderChat() != null) events.chatChanged(s.createdSenderChat());
                events.messageStored(m, send.originConnectionId());
            }
            case AppendOutcome.Duplicate d -> {
                if (send.originConnectionId() != null) events.ack(send.originConnectionId(), d.message());
            }
            case AppendOutcome.Rejected r -> { } // the sender's future carries the refusal
        }
    }

    /** Moves the caller's read mark; the peer gets a read receipt and the caller's devices the new state. */
    public void markRead(User owner, long peerId, long upTo) {
        if (upTo < 0) throw new DuetException(ErrorCode.BAD_REQUEST, "upTo must not be negative.");
        ReadOutcome outcome = store.markRead(owner.id(), peerId, upTo).orElseThrow(ChatService::noChat);
        if (!outcome.moved()) return;
        store.findChat(owner.id(), peerId).ifPresent(events::chatChanged);
        events.readReceipt(peerId, owner.id(), outcome.readMark());
    }

    /** Deletes the caller's chat box and their copy of its history; the peer's stays as it is. */
    public void delete(User owner, long peerId) {
        if (!store.deleteChat(owner.id(), peerId)) throw noChat(); // nobody has a box with themselves
        events.chatDeleted(owner.id(), peerId);
    }

    /**
     * Tells the peer that the caller is typing, at most once a second per pair: repeats within
     * the second are dropped silently, before any check, so a flood costs no database reads.
     */
    public void typing(User from, long to) {
        checkNotSelf(from, to);
        if (!typingThrottle.tryForward(from.id(), to)) return;
        existingUser(to);
        if (!store.areContacts(from.id(), to)) throw notContact();
        events.typing(to, from.id());
    }

    private User existingUser(long userId) {
        return store.findUser(userId).orElseThrow(() -> new DuetException(ErrorCode.NO_SUCH_USER, "There is no such user."));
    }

    private static void checkNotSelf(User caller, long peerId) {
        if (peerId == caller.id()) throw new DuetException(ErrorCode.BAD_REQUEST, "You cannot chat with yourself.");
    }

    private static DuetException notContact() {
        return new DuetException(ErrorCode.NOT_CONTACT, "You can only chat with your contacts.");
    }

    private static DuetException noChat() {
        return new DuetException(ErrorCode.NO_CHAT, "You have no chat with that user.");
    }

    /** Writes every queued send before returning. */
    @Override
    public void close() {
        committer.close();
    }
}
