package app.duet.files;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.model.Attachment;
import app.duet.model.User;
import app.duet.storage.BlobStore;
import app.duet.storage.PendingUploads;
import app.duet.storage.Store;
import app.duet.storage.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Pictures and files: the one place that stores an upload (or a copy of a file, to forward it),
 * says who may read it, checks the uploads a send names, and erases files (a deleted chat box's, a
 * recalled message's, the sweeper's).
 *
 * <p>An upload: the caller's budget is checked (pending uploads by count and bytes, and the send
 * rate, which an upload pays one token per started MiB), a pending row is written (kind
 * {@code uploading}), then the bytes: the type is decided from the first bytes; a JPEG, PNG or GIF
 * is read whole (bounded by the file limit; at most {@value #PICTURES_AT_ONCE} at once), its
 * dimensions checked against the pixel bound, then re-encoded without metadata, with a thumbnail;
 * anything else is streamed to the {@link BlobStore} with the byte bound. The row then says what the
 * upload is. A failure at any step removes what was written.
 */
public final class FileService {
    private static final Logger log = LoggerFactory.getLogger(FileService.class);
    /** Pictures decoded at once on this node: each may take width x height x 4 bytes of heap. */
    static final int PICTURES_AT_ONCE = 2;
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_\\-]{22}");
    private static final String THUMBNAIL_SUFFIX = "-t";
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        System.setProperty("java.awt.headless", "true"); // pictures are drawn off-screen, never shown
    }

    /** Charges a user's send rate {@code tokens}: @return whether they were taken. */
    @FunctionalInterface
    public interface RateCharge {
        boolean tryCharge(long userId, int tokens);
    }

    /** A file opened for serving: what it is and its bytes. */
    public record Opened(Attachment attachment, long size, InputStream content, boolean thumbnail) { }

    private final Store store;
    private final BlobStore blobs;
    private final Clock clock;
    private final FileLimits limits;
    private final RateCharge rate;
    private final Semaphore pictures = new Semaphore(PICTURES_AT_ONCE, true);

    public FileService(Store store, BlobStore blobs, Clock clock, FileLimits limits, RateCharge rate) {
        this.store = store;
        this.blobs = blobs;
        this.clock = clock;
        this.limits = limits;
        this.rate = rate;
    }

    public FileLimits limits() {
        return limits;
    }

    /**
     * Stores one upload of {@code owner}: {@code body} read to its end (at most the file limit).
     *
     * @param rawName        the name the client gave (sanitised here), or null
     * @param declaredLength the request's Content-Length, or -1 when not given (chunked)
     * @return the upload, pending until a send names it
     */
    public Attachment upload(User owner, String rawName, long declaredLength, InputStream body) {
        String name = FileNames.sanitise(rawName);
        if (declaredLength > limits.maxFileBytes()) throw tooLarge();
        long reserve = declaredLength >= 0 ? declaredLength : limits.maxFileBytes();
        return storeUpload(owner, name, reserve, id -> storeBytes(id, name, body));
    }

    /**
     * Forwarding a picture or file: a new pending upload of {@code owner} holding a copy of a file
     * they may read (see {@link Store#readableUpload}), to be named by a send as any upload is. A
     * copy, not a second reference: each message's files stay its own, so a recall, a deleted box
     * or the sweeper erase one message's files without asking who else forwarded them. It costs
     * the owner's budget as an upload of that size does.
     *
     * @throws DuetException {@code no_such_file} when the caller may not read it, whether or not it exists
     */
    public Attachment copy(User owner, String fileId) {
        if (fileId == null || !UPLOAD_ID.matcher(fileId).matches()) throw noSuchFile();
        Attachment original = store.readableUpload(fileId, owner.id()).orElseThrow(FileService::noSuchFile).attachment();
        return storeUpload(owner, original.name(), original.size(), id -> {
            try {
                if (original.isImage()) copyBlob(fileId + THUMBNAIL_SUFFIX, id + THUMBNAIL_SUFFIX);
                long size = copyBlob(fileId, id);
                return new Attachment(id, original.name(), size, original.type(), original.kind(), original.width(), original.height());
            } catch (IOException e) {
                throw new DuetException(ErrorCode.UNAVAILABLE, "The file cannot be copied now; try again.");
            }
        });
    }

    private long copyBlob(String from, String to) throws IOException {
        BlobStore.Blob blob = blobs.open(from).orElseThrow(FileService::noSuchFile); // erased meanwhile (a recall)
        try (InputStream in = blob.content()) {
            return blobs.put(to, in, Long.MAX_VALUE);
        }
    }

    /** Makes the bytes of a new upload from its id (they are erased again if it throws). */
    @FunctionalInterface
    private interface Filler {
        Attachment fill(String id);
    }

    /**
     * One new pending upload of {@code owner}: the budget checked for {@code reserve} bytes (pending
     * uploads by count and bytes; the send rate, one token per started MiB), a row saying it is
     * being stored, the bytes, then the row saying what it is. A failure removes what was written.
     */
    private Attachment storeUpload(User owner, String name, long reserve, Filler bytes) {
        PendingUploads pending = store.pendingUploads(owner.id());
        if (pending.count() >= limits.maxPendingUploads() || pending.bytes() + reserve > limits.maxPendingBytes()) {
            throw new DuetException(ErrorCode.TOO_MANY_UPLOADS,
                    "You have too many files waiting to be sent; send them or wait until they expire.");
        }
        int tokens = (int) Math.max(1, (reserve + (1 << 20) - 1) >> 20);
        if (!rate.tryCharge(owner.id(), tokens)) {
            throw new DuetException(ErrorCode.RATE_LIMITED, "You are uploading too fast; wait a moment.");
        }
        String id = newId();
        long now = clock.millis();
        store.createUpload(new Upload(new Attachment(id, name, reserve, FileTypes.BINARY, Upload.UPLOADING, 0, 0), owner.id(), now, null));
        boolean done = false;
        try {
            Attachment stored = bytes.fill(id);
            if (!store.finishUpload(new Upload(stored, owner.id(), now, null))) {
                throw new DuetException(ErrorCode.NO_SUCH_UPLOAD, "The upload expired while it was being stored; upload it again.");
            }
            done = true;
            return stored;
        } finally {
            if (!done) erase(id);
        }
    }

    private Attachment storeBytes(String id, String name, InputStream body) {
        try {
            byte[] head = body.readNBytes(FileTypes.HEAD);
            String type = FileTypes.sniff(head);
            if (FileTypes.isReencodable(type)) return storePicture(id, name, type, head, body);
            long size = blobs.put(id, new SequenceInputStream(new ByteArrayInputStream(head), body), limits.maxFileBytes());
            return new Attachment(id, name, size, type, Attachment.FILE, 0, 0);
        } catch (BlobStore.TooLargeException e) {
            throw tooLarge();
        } catch (IOException e) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The file could not be read or stored; try again.");
        }
    }

    private Attachment storePicture(String id, String name, String type, byte[] head, InputStream body) throws IOException {
        try {
            if (!pictures.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new DuetException(ErrorCode.UNAVAILABLE, "The server is busy with other pictures; try again.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DuetException(ErrorCode.UNAVAILABLE, "Interrupted; try again.");
        }
        try {
            long room = limits.maxFileBytes() - head.length;
            byte[] rest = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, room) + 1));
            if (rest.length > room) throw tooLarge();
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            Optional<Pictures.Reencoded> picture;
            try {
                picture = Pictures.reencode(all, type, limits.maxImagePixels());
            } catch (Pictures.TooManyPixels e) {
                throw new DuetException(ErrorCode.IMAGE_TOO_LARGE,
                        "The picture has more than " + limits.maxImagePixels() + " pixels; make it smaller.");
            }
            if (picture.isEmpty()) { // not decodable: kept as the file it is, served only as a download
                long size = blobs.put(id, new ByteArrayInputStream(all), limits.maxFileBytes());
                return new Attachment(id, name, size, type, Attachment.FILE, 0, 0);
            }
            Pictures.Reencoded p = picture.get();
            blobs.put(id + THUMBNAIL_SUFFIX, new ByteArrayInputStream(p.thumbnail()), Long.MAX_VALUE);
            long size = blobs.put(id, new ByteArrayInputStream(p.bytes()), Long.MAX_VALUE);
            return new Attachment(id, name, size, p.type(), Attachment.IMAGE, p.width(), p.height());
        } finally {
            pictures.release();
        }
    }

    /**
     * A file (or a picture's thumbnail) if {@code reader} may read it: see {@link Store#readableUpload}.
     * @throws DuetException {@code no_such_file} otherwise, whether or not it exists
     */
    public Opened open(User reader, String id, boolean thumbnail) {
        if (id == null || !UPLOAD_ID.matcher(id).matches()) throw noSuchFile();
        Upload upload = store.readableUpload(id, reader.id()).orElseThrow(FileService::noSuchFile);
        if (thumbnail && !upload.attachment().isImage()) throw noSuchFile();
        try {
            Optional<BlobStore.Blob> blob = blobs.open(thumbnail ? id + THUMBNAIL_SUFFIX : id);
            if (blob.isEmpty()) throw noSuchFile();
            return new Opened(upload.attachment(), blob.get().size(), blob.get().content(), thumbnail);
        } catch (IOException e) {
            throw new DuetException(ErrorCode.UNAVAILABLE, "The file cannot be read now; try again.");
        }
    }

    /**
     * The attachments a send names, in the order named, after checking them: 1 to the limit, no
     * repeats, each a finished upload of the sender (pending, or held by a message: a resend with the
     * same clientId; the store refuses it for any other message), all together within the message's
     * byte limit.
     */
    public List<Attachment> forSend(User from, List<String> ids) {
        if (ids.isEmpty()) return List.of();
        if (ids.size() > limits.maxFilesPerMessage()) {
            throw new DuetException(ErrorCode.TOO_MANY_ATTACHMENTS, "A message carries at most " + limits.maxFilesPerMessage() + " files.");
        }
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!UPLOAD_ID.matcher(id).matches()) throw new DuetException(ErrorCode.BAD_REQUEST, "'attachments' holds upload ids.");
            if (!seen.add(id)) throw new DuetException(ErrorCode.BAD_REQUEST, "An upload is named twice in 'attachments'.");
        }
        Map<String, Attachment> found = new HashMap<>();
        for (Upload u : store.uploadsOf(from.id(), ids)) found.put(u.id(), u.attachment());
        List<Attachment> out = new ArrayList<>(ids.size());
        long total = 0;
        for (String id : ids) {
            Attachment a = found.get(id);
            if (a == null) throw noSuchUpload();
            total += a.size();
            out.add(a);
        }
        if (total > limits.maxMessageBytes()) {
            throw new DuetException(ErrorCode.ATTACHMENTS_TOO_LARGE,
                    "A message's files hold at most " + limits.maxMessageBytes() / (1024 * 1024) + " MiB together.");
        }
        return out;
    }

    /** Erases the blobs of uploads whose rows are already gone (a deleted chat box's). */
    public void eraseBlobs(List<String> uploadIds) {
        for (String id : uploadIds) eraseBlobsOf(id);
    }

    /**
     * The hook for recall: erases the files of one message (rows and bytes), the message itself
     * staying. @return how many files were erased
     */
    public int eraseMessageFiles(long messageId) {
        List<String> ids = store.eraseMessageFiles(messageId);
        eraseBlobs(ids);
        return ids.size();
    }

    /** Deletes a pending (or orphaned) upload, row then bytes. @return whether it was deleted */
    private boolean erase(String id) {
        try {
            if (!store.deleteUpload(id)) return false; // claimed by a message meanwhile: it stays
        } catch (RuntimeException e) {
            log.warn("deleting upload {} failed: {}", id, e.toString()); // the sweeper tries again
            return false;
        }
        eraseBlobsOf(id);
        return true;
    }

    private void eraseBlobsOf(String id) {
        try {
            blobs.delete(id);
            blobs.delete(id + THUMBNAIL_SUFFIX);
        } catch (IOException | RuntimeException e) {
            log.warn("deleting the bytes of upload {} failed: {}", id, e.toString()); // the sweeper tries again
        }
    }

    /**
     * One round of the sweeper: uploads never sent within the expiry (and those whose message is
     * gone) are deleted, then blobs that no upload names. @return how many uploads and blobs were removed
     */
    public int sweep() {
        int removed = 0;
        long before = clock.millis() - limits.uploadExpiry().toMillis();
        for (int round = 0; round < 100; round++) {
            List<Upload> expired = store.sweepableUploads(before, 200);
            for (Upload u : expired) {
                if (erase(u.id())) removed++;
            }
            if (expired.size() < 200) break;
        }
        try {
            String after = null;
            while (true) {
                List<String> keys = blobs.list(after, 500);
                if (keys.isEmpty()) break;
                List<String> owners = keys.stream().map(FileService::uploadIdOf).distinct().toList();
                Set<String> known = new HashSet<>(store.existingUploads(owners));
                for (String key : keys) {
                    if (!known.contains(uploadIdOf(key)) && blobs.delete(key)) removed++;
                }
                after = keys.getLast();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("sweeping blobs failed: {}", e.toString());
        }
        return removed;
    }

    private static String uploadIdOf(String key) {
        return key.length() == 22 + THUMBNAIL_SUFFIX.length() && key.endsWith(THUMBNAIL_SUFFIX) ? key.substring(0, key.length() - THUMBNAIL_SUFFIX.length()) : key;
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private DuetException tooLarge() {
        return new DuetException(ErrorCode.TOO_LARGE, "A file may hold at most " + limits.maxFileBytes() / (1024 * 1024) + " MiB.");
    }

    private static DuetException noSuchFile() {
        return new DuetException(ErrorCode.NO_SUCH_FILE, "There is no such file, or it is not yours to see.");
    }

    private static DuetException noSuchUpload() {
        return new DuetException(ErrorCode.NO_SUCH_UPLOAD, "An attachment is not an upload of yours, or it was sent or expired; upload it again.");
    }
}
