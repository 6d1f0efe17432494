package app.duet.storage;

import app.duet.model.Message;

import java.util.List;

/**
 * Messages in ascending seq, and whether more lie beyond the page in the direction asked.
 * {@code changeCursor} (message edits) is the pair's last change number read with the page (a
 * client catches up on edits after it, {@link Store#changes}); -1 where not read (search results).
 */
public record HistoryPage(List<Message> messages, boolean hasMore, long changeCursor) {
    public HistoryPage(List<Message> messages, boolean hasMore) {
        this(messages, hasMore, -1);
    }
}
