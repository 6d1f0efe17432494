package app.duet.web;

import app.duet.DuetConfig;
import app.duet.Json;
import app.duet.chats.MessageRules;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;

/**
 * Extension: {@code GET /api/limits}, this server's limits on what a message carries, so that a
 * client can refuse a file too large before uploading it rather than after (the server still
 * checks everything itself).
 */
final class LimitRoutes {
    private final ObjectNode limits = Json.object();

    LimitRoutes(DuetConfig config) {
        limits.put("messageChars", MessageRules.MAX_TEXT);
        limits.put("fileBytes", config.maxFileBytes());
        limits.put("filesPerMessage", config.maxFilesPerMessage());
        limits.put("messageFileBytes", config.maxMessageFileBytes());
    }

    void register(RoutesConfig routes) {
        routes.get("/api/limits", ctx -> Http.json(ctx, 200, limits));
    }
}
