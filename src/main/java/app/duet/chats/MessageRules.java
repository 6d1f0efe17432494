package app.duet.chats;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Text;

import java.util.regex.Pattern;

/** What a message may be. Lengths count code points, so an emoji is one character. */
public final class MessageRules {
    public static final int MAX_TEXT = 4000;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private MessageRules() { }

    public static void checkText(String text) {
        if (text.codePoints().allMatch(Text::isWhiteSpace)) {
            throw new DuetException(ErrorCode.EMPTY_MESSAGE, "A message cannot be empty.");
        }
        if (Text.hasUnpairedSurrogate(text)) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The text is not valid Unicode (a lone surrogate).");
        }
        if (Text.length(text) > MAX_TEXT) {
            throw new DuetException(ErrorCode.MESSAGE_TOO_LONG, "A message has at most " + MAX_TEXT + " characters.");
        }
    }

    /** A caption (the text of a message with attachments): may be empty, else as any text. */
    public static void checkCaption(String text) {
        if (Text.hasUnpairedSurrogate(text)) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The text is not valid Unicode (a lone surrogate).");
        }
        if (Text.length(text) > MAX_TEXT) {
            throw new DuetException(ErrorCode.MESSAGE_TOO_LONG, "A message has at most " + MAX_TEXT + " characters.");
        }
    }

    /** @param clientId may be null (none given) */
    public static void checkClientId(String clientId) {
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "clientId has 1 to 64 characters of A-Z a-z 0-9 _ -.");
        }
    }
}
