package app.duet;

/** Every error code of the public contract, with the HTTP status it travels with. */
public enum ErrorCode {
    BAD_REQUEST(400, "bad_request"),
    INVALID_USERNAME(400, "invalid_username"),
    WEAK_PASSWORD(400, "weak_password"),
    INVALID_NAME(400, "invalid_name"),
    EMPTY_MESSAGE(400, "empty_message"),
    MESSAGE_TOO_LONG(400, "message_too_long"),
    /** Extension: a send's {@code replyTo} names no message of the sender's copy (or a recalled one). */
    INVALID_REPLY(400, "invalid_reply"),
    UNKNOWN_TYPE(400, "unknown_type"),
    UNAUTHORIZED(401, "unauthorized"),
    INVALID_CREDENTIALS(401, "invalid_credentials"),
    NOT_CONTACT(403, "not_contact"),
    /** Extension: the other user blocks the caller (their requests and messages are refused). */
    BLOCKED(403, "blocked"),
    /** Extension: the caller blocks the other user, and must unblock them first. */
    UNBLOCK_FIRST(403, "unblock_first"),
    BAD_ORIGIN(403, "bad_origin"),
    /** Extension: an operator disabled this account (duet user disable); the right password does not help. */
    ACCOUNT_DISABLED(403, "account_disabled"),
    /** Extension: only the sender may recall a message. */
    NOT_SENDER(403, "not_sender"),
    REGISTRATION_CLOSED(403, "registration_closed"),
    NOT_FOUND(404, "not_found"),
    NO_SUCH_USER(404, "no_such_user"),
    NO_CHAT(404, "no_chat"),
    /** Extension (message edits): no such message in the caller's copy of the chat. */
    NO_SUCH_MESSAGE(404, "no_such_message"),
    /** Extension: no such file, or not one the caller may read (the two are not told apart). */
    NO_SUCH_FILE(404, "no_such_file"),
    /** Extension: a send names an upload that is not the sender's, or was already sent, or was swept. */
    NO_SUCH_UPLOAD(400, "no_such_upload"),
    /** Extension: a send carries more attachments than allowed. */
    TOO_MANY_ATTACHMENTS(400, "too_many_attachments"),
    /** Extension: a picture has more pixels than allowed (refused before it is decoded). */
    IMAGE_TOO_LARGE(400, "image_too_large"),
    /** Extension: a send's attachments hold more bytes, all together, than one message may. */
    ATTACHMENTS_TOO_LARGE(413, "attachments_too_large"),
    /** Extension: the caller holds as many unsent uploads (or bytes of them) as allowed. */
    TOO_MANY_UPLOADS(429, "too_many_uploads"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    USERNAME_TAKEN(409, "username_taken"),
    /** Extension: a message can be recalled only within 2 minutes of being sent. */
    RECALL_WINDOW_PASSED(409, "recall_window_passed"),
    /** Extension: the caller already blocks as many users as allowed. */
    TOO_MANY_BLOCKS(409, "too_many_blocks"),
    TOO_LARGE(413, "too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** The Host header names a host this server does not answer for (DNS rebinding). */
    MISDIRECTED_REQUEST(421, "misdirected_request"),
    TOO_MANY_REQUESTS(429, "too_many_requests"),
    RATE_LIMITED(429, "rate_limited"),
    TOO_MANY_CONNECTIONS(429, "too_many_connections"),
    INTERNAL(500, "internal_error"),
    UNAVAILABLE(503, "unavailable");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    /** The snake_case code clients see. */
    public String code() { return code; }
}
