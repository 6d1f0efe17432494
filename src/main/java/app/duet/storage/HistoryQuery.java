package app.duet.storage;

/**
 * A page of one chat box's history: the newest {@code limit} messages before {@code before}, the
 * oldest {@code limit} after {@code after}, or with neither cursor the newest {@code limit}. Built
 * by {@code ChatService.history}, which holds the contract's rules for these values (at most one
 * cursor, limit 1 to 200).
 */
public record HistoryQuery(Long before, Long after, int limit) { }
