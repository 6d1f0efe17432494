package app.duet.storage.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Copies committed pages from the write-ahead log into the database file on a thread of its own.
 *
 * <p>Left to SQLite, the checkpoint runs inside whichever commit pushes the log past its threshold:
 * that commit reads back and rewrites megabytes and fsyncs the database file before it returns, and
 * every message in its batch waits for its ack meanwhile (the tail of the send latency). Here it is
 * a PASSIVE checkpoint on its own connection, which never blocks the writer or a reader; the
 * writer's own threshold stays, set high, for the case where this thread falls behind.
 */
final class WalCheckpointer implements AutoCloseable {
    /** Pages in the log above which the writer checkpoints by itself (64 MiB of 4 KiB pages). */
    static final int WRITER_FALLBACK_PAGES = 16_384;
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Connection connection;
    private final Duration every;
    private final Thread thread;
    private volatile boolean stopping;

    private WalCheckpointer(Connection connection, Duration every) {
        this.connection = connection;
        this.every = every;
        this.thread = Thread.ofPlatform().daemon().name("duet-sqlite-checkpoint").unstarted(this::run);
    }

    /** Starts checkpointing every {@code every} on {@code connection}, which it owns from now on. */
    static WalCheckpointer start(Connection connection, Duration every) {
        WalCheckpointer checkpointer = new WalCheckpointer(connection, every);
        checkpointer.thread.start();
        return checkpointer;
    }

    private void run() {
        try (Statement st = connection.createStatement()) {
            while (!stopping) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    st.execute("PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    // the writer's own threshold still bounds the log; try again next time
                    if (!stopping) log.warn("WAL checkpoint failed: {}", e.getMessage());
                }
            }
        } catch (SQLException e) {
            log.warn("WAL checkpointer stopped: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the checkpointer's connection failed: {}", e.getMessage());
        }
    }
}
