package app.duet.storage;

/** The database failed; callers never see a driver exception. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
