package app.duet.web;

import app.duet.export.ExportService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Extension: {@code GET /api/account/export}, the signed-in user's own data as a ZIP, streamed as it
 * is made ({@link ExportService}: one at a time per user, a few an hour). A failure after the first
 * bytes cannot become an error answer any more: the download ends short and the ZIP is unreadable.
 */
final class ExportRoutes {
    private final ExportService exports;

    ExportRoutes(ExportService exports) {
        this.exports = exports;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/account/export", this::export);
    }

    private void export(Context ctx) throws IOException {
        try (ExportService.Running export = exports.start(Http.session(ctx).user())) {
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType("application/zip");
            // the name is ASCII (a username and a date): no filename* needed
            res.setHeader("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
            res.setHeader("Cache-Control", "no-store");
            res.setHeader("X-Content-Type-Options", "nosniff");
            OutputStream out = res.getOutputStream();
            export.writeTo(out);
            out.flush();
        }
    }
}
