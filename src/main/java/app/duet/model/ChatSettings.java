package app.duet.model;

/**
 * The owner's own settings of one chat box, kept on the server so that every device of the owner
 * agrees: pinned to the top of the list, muted (no notification), marked unread (by hand).
 */
public record ChatSettings(boolean pinned, boolean muted, boolean markedUnread) {
    public static final ChatSettings NONE = new ChatSettings(false, false, false);
}
