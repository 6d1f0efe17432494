package app.duet.storage;

import app.duet.model.Message;

import java.util.List;

/** Messages in ascending seq, and whether more lie beyond the page in the direction asked. */
public record HistoryPage(List<Message> messages, boolean hasMore) { }
