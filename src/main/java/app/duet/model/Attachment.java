package app.duet.model;

/**
 * A picture or file attached to a message (an upload its sender claimed when sending).
 *
 * @param id     the upload's id, which names it in {@code GET /api/files/{id}}
 * @param name   the sanitised file name (no path, no control characters, bounded)
 * @param size   bytes as served (a picture after it was re-encoded)
 * @param type   the media type, decided from the bytes, never from the name or a declared type
 * @param kind   {@link #IMAGE} (re-encoded without metadata, has a thumbnail) or {@link #FILE}
 * @param width  a picture's width in pixels, else 0
 * @param height a picture's height in pixels, else 0
 */
public record Attachment(String id, String name, long size, String type, String kind, int width, int height) {
    public static final String IMAGE = "image";
    public static final String FILE = "file";

    public boolean isImage() {
        return IMAGE.equals(kind);
    }
}
