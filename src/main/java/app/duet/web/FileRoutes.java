package app.duet.web;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.delivery.Views;
import app.duet.files.FileNames;
import app.duet.files.FileService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Extension: pictures and files. {@code POST /api/uploads} takes the raw bytes (any
 * Content-Type; the type is decided from the bytes) with the name in {@code ?name=} or the
 * {@code X-File-Name} header (percent-encoded UTF-8); {@code GET /api/files/{id}} and
 * {@code GET /api/files/{id}/thumbnail} serve them to the two users whose copies hold the message,
 * with headers that keep a browser from running or sniffing them.
 */
final class FileRoutes {
    static final String UPLOADS = "/api/uploads";
    /** A file response may be shown (a picture) or downloaded, never run: no script, no plugin, no fetch. */
    static final String FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

    private final FileService files;

    FileRoutes(FileService files) {
        this.files = files;
    }

    void register(RoutesConfig routes) {
        routes.post(UPLOADS, this::upload);
        routes.get("/api/files/{id}", ctx -> serve(ctx, false));
        routes.get("/api/files/{id}/thumbnail", ctx -> serve(ctx, true));
        routes.post("/api/files/{id}/copy", this::copy);
    }

    /** Forwarding: a new upload of the caller's with a copy of a file they can read. */
    private void copy(Context ctx) {
        ObjectNode out = Json.object();
        out.set("upload", Views.attachment(files.copy(Http.session(ctx).user(), ctx.pathParam("id"))));
        Http.json(ctx, 201, out);
    }

    private void upload(Context ctx) throws IOException {
        String name = ctx.queryParam("name");
        if (name == null) {
            String header = ctx.header("X-File-Name");
            if (header != null) {
                try {
                    name = URLDecoder.decode(header, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new DuetException(ErrorCode.BAD_REQUEST, "X-File-Name must be percent-encoded UTF-8.");
                }
            }
        }
        long length = ctx.req().getContentLengthLong();
        ObjectNode out = Json.object();
        try (InputStream body = ctx.req().getInputStream()) { // a refusal drops the unread rest: Failures
            out.set("upload", Views.attachment(files.upload(Http.session(ctx).user(), name, length, body)));
        }
        Http.json(ctx, 201, out);
    }

    private void serve(Context ctx, boolean thumbnail) throws IOException {
        FileService.Opened f = files.open(Http.session(ctx).user(), ctx.pathParam("id"), thumbnail);
        try (InputStream in = f.content()) {
            HttpServletResponse res = ctx.res();
            boolean picture = f.attachment().isImage();
            res.setStatus(200);
            res.setContentType(thumbnail ? "image/jpeg" : f.attachment().type());
            res.setContentLengthLong(f.size());
            res.setHeader("Content-Disposition", FileNames.contentDisposition(picture ? "inline" : "attachment",
                    thumbnail ? "thumbnail-" + f.attachment().name() + ".jpg" : f.attachment().name()));
            res.setHeader("X-Content-Type-Options", "nosniff");
            res.setHeader("Content-Security-Policy", FILE_CSP);
            res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
            res.setHeader("Cache-Control", "private, no-store");
            OutputStream out = res.getOutputStream();
            in.transferTo(out);
            out.flush();
        }
    }

    /** A send's {@code attachments}: absent or null gives null, else an array of strings (at most 64 read). */
    static List<String> attachmentIds(ObjectNode body) {
        JsonNode v = body.get("attachments");
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw new DuetException(ErrorCode.BAD_REQUEST, "'attachments' must be an array of upload ids.");
        if (v.size() > 64) throw new DuetException(ErrorCode.TOO_MANY_ATTACHMENTS, "Too many attachments.");
        List<String> ids = new ArrayList<>(v.size());
        for (JsonNode id : v) {
            if (!id.isTextual()) throw new DuetException(ErrorCode.BAD_REQUEST, "'attachments' must be an array of upload ids.");
            ids.add(id.textValue());
        }
        return ids;
    }
}
