package app.duet.storage;

import app.duet.model.Message;

import java.util.List;

/**
 * A page of message search results, newest first.
 *
 * @param messages the hits (each as sent: the owner's copy, not hidden, not erased)
 * @param hasMore  whether older hits may lie beyond this page: ask again with {@code before = next}
 * @param next     the cursor of the next page, or null when there is none: a seq in one chat's search,
 *                 a message id in the search of all chats
 * @param cut      whether this page stopped at the bound on the rows one search examines
 *                 ({@link SearchText#CANDIDATES}, {@link SearchText#SCAN_ROWS}) before it was full:
 *                 older hits may still exist, {@code next} goes on from where it stopped
 */
public record MessageHits(List<Message> messages, boolean hasMore, Long next, boolean cut) {
    public MessageHits {
        messages = List.copyOf(messages);
    }
}
