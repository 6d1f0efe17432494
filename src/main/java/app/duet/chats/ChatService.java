package app.duet.chats;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.contacts.ContactService;
import app.duet.delivery.Events;
import app.duet.delivery.OnlineStatus;
import app.duet.files.FileService;
import app.duet.model.Attachment;
import app.duet.limits.UserRate;
import app.duet.storage.AppendOutcome;
import app.duet.model.ChatBox;
import app.duet.storage.HistoryPage;
import app.duet.storage.HistoryQuery;
import app.duet.storage.MessageEdit;
import app.duet.storage.MessageHits;
import app.duet.model.Message;
import app.duet.storage.ReadOutcome;
import app.duet.storage.Store;
import app.duet.model.User;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Chat boxes and messages: the one place that changes them and publishes what changed.
 * Web handlers parse and authenticate, then call exactly one method here.
 */
public final class ChatService {
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;
    /** Message search: results per page by default and at most, and the longest text searched for. */
    public static final int DEFAULT_SEARCH_PAGE = 20;
    public static final int MAX_SEARCH_PAGE = 50;
    public static final int MAX_SEARCH_TEXT = 100;
    /** Message edits: a message can be recalled this long after it was sent (server time), as WeChat does. */
    public static final Duration RECALL_WINDOW = Duration.ofMinutes(2);
    /** Changes (message edits) per page by default and at most. */
    public static final int DEFAULT_CHANGES_PAGE = 100;

    /** A message as the sender's send left it: stored now, or the first one for a repeated clientId. */
    public record Sent(Message message, boolean created) { }

    /** A chat box and whether this call created it. */
    public record Opened(ChatBox chat, boolean created) { }

    private final Store store;
    private final Events events;
    private final OnlineStatus online;
    private final Clock clock;
    private final UserRate rateLimiter;
    private final TypingThrottle typingThrottle;
    private final GroupCommitter committer;
    private final UserRate searchRate;
    private final FileService files; // null: no attachments (a service built without files)

    /**
     * @param committer  writes the sends; its listener is a {@link CommittedSends} over the same
     *                   events. Started and closed by the wiring, not here.
     * @param searchRate bounds {@link #searchMessages} per user (each one reads the search index, or scans recent messages for a query under 3 characters)
     */
    public ChatService(Store store, Events events, OnlineStatus online, Clock clock,
                       UserRate rateLimiter, TypingThrottle typingThrottle, GroupCommitter committer,
                       UserRate searchRate) {
        this(store, events, online, clock, rateLimiter, typingThrottle, committer, searchRate, null);
    }

    /** @param files checks a send's attachments and erases a deleted box's files */
    public ChatService(Store store, Events events, OnlineStatus online, Clock clock,
                       UserRate rateLimiter, TypingThrottle typingThrottle, GroupCommitter committer,
                       UserRate searchRate, FileService files) {
        this.files = files;
        this.searchRate = searchRate;
        this.store = store;
        this.events = events;
        this.online = online;
        this.clock = clock;
        this.rateLimiter = rateLimiter;
        this.typingThrottle = typingThrottle;
        this.committer = committer;
    }

    public List<ChatBox> list(User owner) {
        return store.listChats(owner.id());
    }

    public boolean isOnline(long userId) {
        return online.isOnline(userId);
    }

    /** Opens the caller's chat box with a peer, creating it (empty) if the two are contacts. */
    public Opened open(User owner, long peerId) {
        checkNotSelf(owner, peerId);
        existingUser(peerId);
        var existing = store.findChat(owner.id(), peerId);
        if (existing.isPresent()) return new Opened(existing.get(), false);
        if (!store.areContacts(owner.id(), peerId)) throw notContact(owner.id(), peerId);
        boolean created = store.createChat(owner.id(), peerId, clock.millis());
        ChatBox chat = store.findChat(owner.id(), peerId).orElseThrow();
        if (created) events.chatChanged(chat, online.isOnline(peerId));
        return new Opened(chat, created);
    }

    /**
     * A page of the caller's copy of the history (PROTOCOL.md §4): {@code before} or {@code after}
     * (not both), {@code limit} 1 or more (default 50, served as at most 200).
     */
    public HistoryPage history(User owner, long peerId, Long before, Long after, Long limit) {
        if (before != null && after != null) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "Give 'before' or 'after', not both.");
        }
        if (limit != null && limit < 1) throw new DuetException(ErrorCode.BAD_REQUEST, "'limit' must be at least 1.");
        int pageSize = limit == null ? DEFAULT_PAGE : (int) Math.min(limit, MAX_PAGE);
        return store.history(owner.id(), peerId, new HistoryQuery(before, after, pageSize)).orElseThrow(ChatService::noChat);
    }

    /**
     * Extension {@code GET /api/chats/{peerId}/search}: messages of the caller's own copy (nothing
     * before their box's start, nothing they deleted or hid, nothing recalled) containing
     * {@code text}, in any script ("晚饭" finds "我们今天晚饭吃什么"), newest first, {@code before} a
     * seq for the next page.
     */
    public SearchResults searchMessages(User owner, long peerId, String text, Long before, Long limit) {
        String q = checkSearch(owner, text, before, limit);
        MessageHits found = store.searchMessages(owner.id(), peerId, q, before, searchPage(limit)).orElseThrow(ChatService::noChat);
        return results(owner, found, q);
    }

    /**
     * Extension {@code GET /api/search}: as {@link #searchMessages}, over all the caller's chats at
     * once, newest first, {@code before} a message id for the next page.
     */
    public SearchResults searchAllMessages(User owner, String text, Long before, Long limit) {
        String q = checkSearch(owner, text, before, limit);
        return results(owner, store.searchAllMessages(owner.id(), q, before, searchPage(limit)), q);
    }

    /** Refuses a bad search (changing nothing) or one too many; @return the text to look for */
    private String checkSearch(User owner, String text, Long before, Long limit) {
        String q = text == null ? "" : text.strip();
        if (q.isEmpty()) throw new DuetException(ErrorCode.BAD_REQUEST, "Give some text to search for ('q').");
        if (q.codePointCount(0, q.length()) > MAX_SEARCH_TEXT) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "Search for at most " + MAX_SEARCH_TEXT + " characters.");
        }
        if (limit != null && limit < 1) throw new DuetException(ErrorCode.BAD_REQUEST, "'limit' must be at least 1.");
        if (before != null && before < 1) throw new DuetException(ErrorCode.BAD_REQUEST, "'before' must be at least 1.");
        if (!searchRate.tryAcquire(owner.id())) {
            throw new DuetException(ErrorCode.RATE_LIMITED, "You are searching too fast; wait a moment.");
        }
        return q;
    }

    private static int searchPage(Long limit) {
        return limit == null ? DEFAULT_SEARCH_PAGE : (int) Math.min(limit, MAX_SEARCH_PAGE);
    }

    private SearchResults results(User owner, MessageHits found, String q) {
        Map<Long, User> peers = new HashMap<>();
        List<SearchResults.Hit> hits = new ArrayList<>();
        for (Message m : found.messages()) {
            long peerId = m.from() == owner.id() ? m.to() : m.from();
            User peer = peers.computeIfAbsent(peerId, id -> store.findUser(id).orElseThrow());
            hits.add(new SearchResults.Hit(m, peer, Snippet.of(m.text(), q)));
        }
        return new SearchResults(hits, found.hasMore(), found.next(), found.cut());
    }

    /**
     * Validates and queues a message for the group committer. The future completes once it is
     * durably stored (and its events are published), or fails with a {@link DuetException}.
     *
     * @param originConnectionId the WebSocket that sent it (it gets the ack), or null for HTTP
     */
    public CompletableFuture<Sent> send(User from, long to, String text, String clientId, String originConnectionId) {
        return send(from, to, text, clientId, null, originConnectionId, null);
    }

    /**
     * As {@link #send(User, long, String, String, String)}, with two extensions: a reply to message
     * {@code replyTo} (a seq of the sender's copy), or to none if null; and attachments, the ids of
     * the sender's uploads, or null for none. A reply to a message the sender's copy does not hold,
     * or that was recalled, is refused ({@code invalid_reply}) and nothing is stored. With
     * attachments the text (the caption) may be empty or null (stored as empty).
     */
    public CompletableFuture<Sent> send(User from, long to, String text, String clientId, Long replyTo, String originConnectionId,
                                        List<String> attachmentIds) {
        checkNotSelf(from, to);
        if (replyTo != null && replyTo < 1) throw new DuetException(ErrorCode.INVALID_REPLY, "'replyTo' must be the seq of a message.");
        boolean withFiles = attachmentIds != null && !attachmentIds.isEmpty();
        if (attachmentIds != null && files == null) throw new DuetException(ErrorCode.BAD_REQUEST, "This server takes no attachments.");
        String caption = text == null ? "" : text;
        if (withFiles) MessageRules.checkCaption(caption);
        else MessageRules.checkText(text == null ? "" : text);
        MessageRules.checkClientId(clientId);
        List<Attachment> attachments = withFiles ? files.forSend(from, attachmentIds) : List.of();
        if (!rateLimiter.tryAcquire(from.id())) {
            throw new DuetException(ErrorCode.RATE_LIMITED, "You are sending too fast; wait a moment.");
        }
        return committer.submit(from.id(), to, caption, clientId, replyTo, originConnectionId, attachments).thenCompose(outcome -> switch (outcome) {
            case AppendOutcome.Stored s -> CompletableFuture.completedFuture(new Sent(s.message(), true));
            case AppendOutcome.Duplicate d -> CompletableFuture.completedFuture(new Sent(d.message(), false));
            case AppendOutcome.Rejected r -> switch (r.reason()) {
                case NO_SUCH_RECIPIENT -> CompletableFuture.failedFuture(noSuchUser());
                case NO_SUCH_REPLY -> CompletableFuture.failedFuture(new DuetException(ErrorCode.INVALID_REPLY,
                        "The message you reply to is not in this chat (or was recalled)."));
                case UPLOAD_UNAVAILABLE -> CompletableFuture.failedFuture(new DuetException(ErrorCode.NO_SUCH_UPLOAD,
                        "An attachment was already sent in another message, or it expired; upload it again."));
                // Why they are not contacts (a block?) takes reads: not on the committer's publishing
                // thread, which must never wait. Only refused sends take this path.
                case NOT_CONTACTS -> CompletableFuture.supplyAsync(() -> {
                    throw notContact(from.id(), to);
                }, REFUSALS);
            };
        });
    }

    /** Runs the reads that explain a refused send, each on a virtual thread of its own. */
    private static final Executor REFUSALS = command -> Thread.ofVirtual().name("duet-refusal").start(command);

    /** Moves the caller's read mark; the peer gets a read receipt and the caller's devices the new state. */
    public void markRead(User owner, long peerId, long upTo) {
        if (upTo < 0) throw new DuetException(ErrorCode.BAD_REQUEST, "upTo must not be negative.");
        ReadOutcome outcome = store.markRead(owner.id(), peerId, upTo).orElseThrow(ChatService::noChat);
        if (!outcome.moved()) return;
        store.findChat(owner.id(), peerId).ifPresent(chat -> events.chatChanged(chat, online.isOnline(peerId)));
        events.readReceipt(peerId, owner.id(), outcome.readMark());
    }

    /**
     * Extension {@code PATCH /api/chats/{peerId}}: changes the caller's settings of their chat box
     * (each one given; at least one). All the caller's connections get the box as a {@code chat}
     * event, so every device agrees; the peer learns nothing.
     */
    public ChatBox changeSettings(User owner, long peerId, Boolean pinned, Boolean muted, Boolean markedUnread) {
        if (pinned == null && muted == null && markedUnread == null) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "Give at least one of 'pinned', 'muted', 'markedUnread'.");
        }
        ChatBox chat = store.changeChatSettings(owner.id(), peerId, pinned, muted, markedUnread).orElseThrow(ChatService::noChat);
        events.chatChanged(chat, online.isOnline(peerId));
        return chat;
    }

    // ---- message edits (extension): recall, delete for me, the change log

    /**
     * The sender takes back message {@code seq} within {@link #RECALL_WINDOW} of its sentAt: both
     * copies then hold it recalled (text erased), and every connection of both users gets
     * {@code message_recalled}. Recalling it again answers the same and publishes nothing.
     */
    public Message recall(User sender, long peerId, long seq) {
        checkNotSelf(sender, peerId);
        if (seq < 1) throw noSuchMessage();
        checkEditRate(sender);
        long now = clock.millis();
        MessageEdit.Recall r = store.recallMessage(sender.id(), peerId, seq, now, now - RECALL_WINDOW.toMillis())
                .orElseThrow(ChatService::noChat);
        return switch (r.status()) {
            case RECALLED -> {
                // The rows of its files went in the recall's transaction; their bytes go now (or, if
                // this node stops first, with the sweeper's next look for bytes no row names).
                if (files != null && !r.erasedFiles().isEmpty()) files.eraseBlobs(r.erasedFiles());
                events.messageRecalled(r.message(), r.change());
                yield r.message();
            }
            case ALREADY_RECALLED -> r.message();
            case NO_SUCH_MESSAGE -> throw noSuchMessage();
            case NOT_SENDER -> throw new DuetException(ErrorCode.NOT_SENDER, "Only the sender can recall a message.");
            case TOO_LATE -> throw new DuetException(ErrorCode.RECALL_WINDOW_PASSED,
                    "A message can be recalled only within " + RECALL_WINDOW.toMinutes() + " minutes of sending it.");
        };
    }

    /**
     * Deletes message {@code seq} from the caller's copy only; every connection of the caller gets
     * {@code message_deleted} with the box as it is now. Deleting it again changes nothing.
     */
    public void deleteForMe(User owner, long peerId, long seq) {
        checkNotSelf(owner, peerId);
        if (seq < 1) throw noSuchMessage();
        checkEditRate(owner);
        MessageEdit.Hide h = store.hideMessage(owner.id(), peerId, seq, clock.millis()).orElseThrow(ChatService::noChat);
        switch (h.status()) {
            case HIDDEN -> events.messageDeleted(owner.id(), peerId, seq, h.change(), h.chat(), online.isOnline(peerId));
            case ALREADY_HIDDEN -> { }
            case NO_SUCH_MESSAGE -> throw noSuchMessage();
        }
    }

    /** The edits of the caller's copy after change {@code after} (0: all), a page at a time. */
    public MessageEdit.ChangesPage changes(User owner, long peerId, Long after, Long limit) {
        checkNotSelf(owner, peerId);
        if (after == null || after < 0) throw new DuetException(ErrorCode.BAD_REQUEST, "'after' must be a change number, 0 or more.");
        if (limit != null && limit < 1) throw new DuetException(ErrorCode.BAD_REQUEST, "'limit' must be at least 1.");
        int pageSize = limit == null ? DEFAULT_CHANGES_PAGE : (int) Math.min(limit, MAX_PAGE);
        return store.changes(owner.id(), peerId, after, pageSize).orElseThrow(ChatService::noChat);
    }

    /**
     * An edit takes the database's writer like a send (SQLite has one), refused or not: it counts
     * against the user's send rate, so a flood of edits cannot starve anyone's messages.
     */
    private void checkEditRate(User user) {
        if (!rateLimiter.tryAcquire(user.id())) {
            throw new DuetException(ErrorCode.RATE_LIMITED, "You are changing messages too fast; wait a moment.");
        }
    }

    private static DuetException noSuchMessage() {
        return new DuetException(ErrorCode.NO_SUCH_MESSAGE, "There is no such message in this chat.");
    }

    /** Deletes the caller's chat box and their copy of its history; the peer's stays as it is. */
    public void delete(User owner, long peerId) {
        List<String> erasedFiles = store.deleteChatErasingFiles(owner.id(), peerId).orElseThrow(ChatService::noChat);
        events.chatDeleted(owner.id(), peerId);
        if (files != null && !erasedFiles.isEmpty()) files.eraseBlobs(erasedFiles); // no copy holds them any more
    }

    /**
     * Tells the peer that the caller is typing ({@code active}), or has stopped (a Duet
     * extension). {@link TypingThrottle} decides which are forwarded: starts at most about once
     * a second per pair, a stop only after a start; the rest are dropped silently, before any
     * check, so a flood costs no database reads.
     */
    public void typing(User from, long to, boolean active) {
        checkNotSelf(from, to);
        if (!(active ? typingThrottle.tryForward(from.id(), to) : typingThrottle.tryStop(from.id(), to))) return;
        existingUser(to);
        if (!store.areContacts(from.id(), to)) throw notContact(from.id(), to);
        events.typing(to, from.id(), active);
    }

    private User existingUser(long userId) {
        return store.findUser(userId).orElseThrow(ChatService::noSuchUser);
    }

    private static void checkNotSelf(User caller, long peerId) {
        if (peerId == caller.id()) throw new DuetException(ErrorCode.BAD_REQUEST, "You cannot chat with yourself.");
    }

    private static DuetException noSuchUser() {
        return new DuetException(ErrorCode.NO_SUCH_USER, "There is no such user.");
    }

    /** Why the two cannot chat: a block ({@code blocked}, {@code unblock_first}) said as such, else {@code not_contact}. */
    private DuetException notContact(long callerId, long otherId) {
        try {
            ContactService.checkNotBlocked(store, callerId, otherId);
        } catch (DuetException refusal) {
            return refusal;
        }
        return new DuetException(ErrorCode.NOT_CONTACT, "You can only chat with your contacts.");
    }

    private static DuetException noChat() {
        return new DuetException(ErrorCode.NO_CHAT, "You have no chat with that user.");
    }
}
