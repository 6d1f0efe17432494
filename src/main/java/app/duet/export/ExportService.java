package app.duet.export;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.limits.UserRate;
import app.duet.model.User;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A signed-in user's own export ({@code GET /api/account/export}), bounded: each reads every message
 * and file of the user's and keeps a request thread and a database reader busy meanwhile, so a user
 * has at most one running at a time on a node, a node at most {@value #AT_ONCE}, and a user may start
 * {@value #BURST} at once and then {@value #PER_HOUR} an hour (a token bucket, shared by every node
 * with {@code --redis}).
 */
public final class ExportService {
    /** Exports running at once on one node. */
    static final int AT_ONCE = 8;
    static final int BURST = 3;
    static final int PER_HOUR = 3;
    /** What a refusal for one already running tells the client to wait: a guess, as it cannot know. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(30);

    private final DataExport export;
    private final UserRate rate;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    /** @param rate a token bucket per user made with {@link #BURST} and {@link #PER_HOUR} (see {@link #perSecond()}) */
    public ExportService(DataExport export, UserRate rate) {
        this.export = export;
        this.rate = rate;
    }

    /** The refill rate for {@link UserRate}: {@link #PER_HOUR} an hour. */
    public static double perSecond() {
        return PER_HOUR / 3600.0;
    }

    public static int burst() {
        return BURST;
    }

    /** One export admitted: write it, then close it (which lets the user start another). */
    public final class Running implements AutoCloseable {
        private final User user;

        private Running(User user) {
            this.user = user;
        }

        public String fileName() {
            return export.fileName(user);
        }

        public void writeTo(OutputStream out) throws IOException {
            export.write(user, out);
        }

        @Override
        public void close() {
            running.remove(user.id());
        }
    }

    /**
     * Admits one export of {@code user}'s, or refuses it, changing nothing: {@code too_many_requests}
     * while another of theirs runs (or {@value #AT_ONCE} run on this node), {@code rate_limited} beyond
     * the rate; both with a {@code Retry-After}.
     */
    public Running start(User user) {
        synchronized (running) { // the node-wide count and the user's place, taken together
            if (running.contains(user.id())) {
                throw new DuetException(ErrorCode.TOO_MANY_REQUESTS,
                        "An export of your data is already being made; wait for it to finish.", BUSY_RETRY);
            }
            if (running.size() >= AT_ONCE) {
                throw new DuetException(ErrorCode.TOO_MANY_REQUESTS,
                        "The server is making other exports just now; try again in a moment.", BUSY_RETRY);
            }
            running.add(user.id());
        }
        boolean admitted = false;
        try {
            if (!rate.tryAcquire(user.id())) {
                throw new DuetException(ErrorCode.RATE_LIMITED,
                        "You may download your data " + PER_HOUR + " times an hour; try again later.",
                        Duration.ofSeconds(3600 / PER_HOUR)); // at most this long until one more is allowed
            }
            admitted = true;
            return new Running(user);
        } finally {
            if (!admitted) running.remove(user.id());
        }
    }
}
