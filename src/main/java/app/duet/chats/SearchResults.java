package app.duet.chats;

import app.duet.model.Message;
import app.duet.model.User;

import java.util.List;

/**
 * A page of message search results, newest first: each hit with its chat's peer and its context.
 * {@code next} is the cursor of the next page ({@code before}), null when there is none; {@code cut}
 * says the page stopped at the bound on the rows one search examines before it was full.
 */
public record SearchResults(List<Hit> hits, boolean hasMore, Long next, boolean cut) {
    public record Hit(Message message, User peer, Snippet snippet) { }

    public SearchResults {
        hits = List.copyOf(hits);
    }
}
