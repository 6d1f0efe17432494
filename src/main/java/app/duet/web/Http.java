package app.duet.web;

import app.duet.DuetConfig;
import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.accounts.AuthSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

/** Small helpers every route uses: the caller, the body, ids in paths, JSON answers. */
final class Http {
    static final String SESSION_ATTRIBUTE = "duet.session";

    private Http() { }

    static AuthSession session(Context ctx) {
        AuthSession s = ctx.attribute(SESSION_ATTRIBUTE);
        if (s == null) throw new IllegalStateException("route " + ctx.path() + " runs without authentication");
        return s;
    }

    /** The body as one JSON object, read with a hard cap whatever Content-Length says. */
    static ObjectNode body(Context ctx) {
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(DuetConfig.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The body could not be read.");
        }
        if (bytes.length > DuetConfig.MAX_BODY_BYTES) {
            throw new DuetException(ErrorCode.TOO_LARGE, "The body is larger than 64 KiB.");
        }
        if (bytes.length == 0) throw new DuetException(ErrorCode.BAD_REQUEST, "A JSON body is required.");
        return Json.parseObject(bytes);
    }

    /** A user id in a path; anything but a decimal integer is a bad request. */
    static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        if (!raw.matches("-?[0-9]{1,19}")) throw new DuetException(ErrorCode.BAD_REQUEST, "'" + name + "' must be a user id.");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "'" + name + "' must be a user id.");
        }
    }

    /** An optional integer query parameter. */
    static Long queryLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) return null;
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "'" + name + "' must be an integer.");
        }
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
