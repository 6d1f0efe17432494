package app.duet.storage;

/** A unique value (a username) is taken. Adapters translate their driver's error into this. */
public final class DuplicateKeyException extends StorageException {
    public DuplicateKeyException(String message) {
        super(message, null);
    }
}
