package app.duet.backup;

/** A backup or restore that cannot be done, with a message for the operator saying why. */
public final class BackupException extends RuntimeException {
    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
