package app.duet.bench;

import app.duet.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The generator's output: figures as one JSON object per line on stdout, progress on stderr. */
final class JsonLines {
    private static PrintStream out = System.out;
    private static final PrintStream ERR = System.err;

    private JsonLines() { }

    static ObjectNode line(String workload) {
        ObjectNode line = Json.object();
        line.put("workload", workload);
        line.put("at", System.currentTimeMillis());
        return line;
    }

    static synchronized void print(ObjectNode line) {
        out.println(Json.write(line));
        out.flush();
    }

    /** Sends the figures somewhere else from now on (tests read them); returns where they went before. */
    static synchronized PrintStream redirect(PrintStream to) {
        PrintStream before = out;
        out = to;
        return before;
    }

    static synchronized void progress(String text) {
        ERR.println("[bench " + LocalTime.now(java.time.ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS) + "] " + text);
    }
}
