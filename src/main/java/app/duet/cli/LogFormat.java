package app.duet.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * {@code --log-format text|json}: logback.xml writes text lines; json swaps the console's encoder
 * for Logback's own JSON encoder, one object per line (level, logger, message, the request id and
 * other context in {@code mdc}, the exception), for a log collector to parse.
 */
final class LogFormat {
    static final String ENV = "DUET_LOG_FORMAT";

    private LogFormat() { }

    /** The option, else DUET_LOG_FORMAT, else text. @return null if the value is not one of the two */
    static String choose(String option) {
        String v = option != null ? option : System.getenv(ENV);
        v = v == null || v.isBlank() ? "text" : v.strip().toLowerCase(Locale.ROOT);
        return v.equals("text") || v.equals("json") ? v : null;
    }

    static void apply(String format) {
        if (!"json".equals(format)) return;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender("STDOUT") instanceof ConsoleAppender<ILoggingEvent> console)) return;
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithArguments(false);
        json.setWithMessage(false);   // the pattern with its {}: formattedMessage is the one to read
        json.setWithFormattedMessage(true);
        json.start();
        swap(console, json);
    }

    private static void swap(OutputStreamAppender<ILoggingEvent> appender, JsonEncoder encoder) {
        appender.stop();
        appender.setEncoder(encoder);
        appender.start();
    }
}
