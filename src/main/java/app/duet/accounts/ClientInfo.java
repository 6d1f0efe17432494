package app.duet.accounts;

/**
 * Who is asking, as far as the web layer can tell: the client's address (after trusted proxies)
 * and its User-Agent. Used for per-address limits and to describe a new session's device.
 */
public record ClientInfo(String address, String userAgent) {
    /** For callers with no network peer (the operator's command line, tests). */
    public static final ClientInfo LOCAL = new ClientInfo(null, null);
}
