package app.duet.storage;

import java.sql.SQLTransientConnectionException;

/** The database failed; callers never see a driver exception. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The database is there but too busy to answer in time: no pooled connection came free within
     * the pool's timeout (a storm of handshakes on a starved machine, say). Not a fault of the
     * request or of the code: the client is told to try again ({@code 503 unavailable}).
     */
    public static final class Busy extends StorageException {
        public Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The exception for a failed database call: {@link Busy} when no connection came free in time. */
    public static StorageException of(String message, Exception cause) {
        return cause instanceof SQLTransientConnectionException ? new Busy(message + ": the database is busy", cause)
                : new StorageException(message, cause);
    }
}
