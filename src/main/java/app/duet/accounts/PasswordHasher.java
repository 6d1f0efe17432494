package app.duet.accounts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * bcrypt with a configurable cost, on a small pool of platform threads of its own.
 *
 * <p>Why a pool: a bcrypt check is ~70 ms of pure CPU. Run on a request's virtual thread it pins
 * one of the few carrier threads for all that time, and 40 anonymous clients guessing passwords
 * stalled every signed-in user's requests (2 s instead of 2 ms). Here at most {@code threads}
 * checks run at once, at most {@code queue} wait, and one more is refused at once with
 * {@code 503 unavailable}; the waiting request's virtual thread parks and frees its carrier.
 *
 * <p>bcrypt reads at most 72 bytes, so longer passwords are first reduced with SHA-256 (base64):
 * the contract allows 256 characters and every one of them must count.
 */
public final class PasswordHasher implements AutoCloseable {
    private final int cost;
    private final ThreadPoolExecutor pool;
    /** Verified against when the username is unknown, so that case costs as much as a wrong password. */
    private final String decoyHash;

    public PasswordHasher(int cost, int threads, int queue) {
        this.cost = cost;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name("duet-bcrypt-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        this.decoyHash = hashNow("decoy password that nobody has");
    }

    /** @throws DuetException unavailable when too many password checks are waiting already */
    public String hash(String password) {
        return onPool(() -> hashNow(password));
    }

    /** @throws DuetException unavailable when too many password checks are waiting already */
    public boolean verify(String password, String hash) {
        return onPool(() -> verifyNow(password, hash));
    }

    /** Spends the time of one verification and fails. */
    public void verifyDecoy(String password) {
        verify(password, decoyHash);
    }

    private <T> T onPool(Supplier<T> work) {
        Future<T> f;
        try {
            f = pool.submit(work::get);
        } catch (RejectedExecutionException busy) {
            throw new DuetException(ErrorCode.UNAVAILABLE, "The server is busy checking passwords; try again in a moment.");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new DuetException(ErrorCode.UNAVAILABLE, "The server is stopping.");
        } catch (ExecutionException | CancellationException e) {
            throw new IllegalStateException("password hashing failed", e.getCause() != null ? e.getCause() : e);
        }
    }

    private String hashNow(String password) {
        return new String(BCrypt.withDefaults().hash(cost, prepare(password)), StandardCharsets.UTF_8);
    }

    private static boolean verifyNow(String password, String hash) {
        return BCrypt.verifyer().verify(prepare(password), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    private static byte[] prepare(String password) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 72) return utf8;
        byte[] digest = Tokens.hash(password);
        return Base64.getEncoder().encodeToString(digest).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
