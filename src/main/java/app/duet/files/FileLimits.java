package app.duet.files;

import java.time.Duration;

/**
 * The bounds on pictures and files (DuetConfig's, in one place): per file, per message (count and
 * bytes), per user (uploads not yet sent: count and bytes), how long an unsent upload is kept, and
 * the largest picture decoded.
 */
public record FileLimits(long maxFileBytes, int maxFilesPerMessage, long maxMessageBytes, int maxPendingUploads,
                         long maxPendingBytes, Duration uploadExpiry, long maxImagePixels) { }
