package app.duet.web;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every HTTP request gets an id, on every log line written while it is handled ({@code requestId}
 * in the logging context: {@code --log-format json} prints it as a field, the text format in
 * brackets) and in the {@code X-Request-Id} response header, so an operator can find a user's
 * failed request in the logs. A well-formed id a proxy sent in {@code X-Request-Id} is kept, so
 * the proxy's logs and Duet's name the same request; anything else is replaced.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    static final String KEY = "requestId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() { }

    static void begin(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && WELL_FORMED.matcher(given).matches() ? given : fresh();
        MDC.put(KEY, id);
        ctx.header(HEADER, id);
    }

    static void end(Context ctx) {
        MDC.remove(KEY);
    }

    /** 16 hex digits: unique enough to find one request among a day's logs, short enough to read. */
    static String fresh() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
