package app.duet.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link FileService#sweep} on a thread of its own: uploads never sent within the expiry, and
 * blobs that no upload names, are removed. Every quarter of the expiry (at least every 200 ms, at
 * most every 10 minutes), so an unsent upload lives at most about 1.25 times the expiry. With many
 * nodes each sweeps; deleting what another already deleted is harmless. Constructed idle.
 */
public final class FileSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileSweeper.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("duet-file-sweeper").daemon(true).factory());
    private final FileService files;
    private final long periodMillis;
    private ScheduledFuture<?> rounds;

    public FileSweeper(FileService files, Duration uploadExpiry) {
        this.files = files;
        this.periodMillis = Math.clamp(uploadExpiry.toMillis() / 4, 200, TimeUnit.MINUTES.toMillis(10));
    }

    public FileSweeper start() {
        rounds = timer.scheduleWithFixedDelay(() -> {
            try {
                int removed = files.sweep();
                if (removed > 0) log.info("swept {} unsent uploads and files", removed);
            } catch (RuntimeException e) {
                log.error("sweeping uploads failed", e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        if (rounds != null) rounds.cancel(false);
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
