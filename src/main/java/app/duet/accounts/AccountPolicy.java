package app.duet.accounts;

import java.time.Duration;

/**
 * The account rules an operator sets (from the node's configuration).
 *
 * @param registrationOpen               whether anyone may register; if not, only the operator makes accounts
 * @param registrationsPerAddressPerHour 0 = no limit
 * @param loginMaxFailures               failed logins for one username before it is locked
 * @param loginLockout                   how long it stays locked (doubling while failures go on)
 * @param loginFailuresPerAddress        failed logins per client address per 10 minutes; 0 = no limit
 * @param sessionIdleTimeout             a session unused this long expires
 * @param sessionMaxAge                  a session this old expires however much it is used; zero = never
 */
public record AccountPolicy(boolean registrationOpen, int registrationsPerAddressPerHour,
                            int loginMaxFailures, Duration loginLockout, int loginFailuresPerAddress,
                            Duration sessionIdleTimeout, Duration sessionMaxAge) {

    /** The window of {@link #loginFailuresPerAddress}. */
    public static final Duration LOGIN_FAILURE_WINDOW = Duration.ofMinutes(10);
}
