package app.duet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's heap in use after a full collection ({@code --server-pid}), asked of its JVM with
 * the {@code jcmd} beside this one: {@code GC.run}, then {@code GC.heap_info}, in one attach. Same
 * machine and same user only; empty when the JVM cannot be attached or answers something else.
 */
final class ServerHeap {
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");
    private static final long JCMD_SECONDS = 60;

    private ServerHeap() { }

    /** Bytes of heap in use right after a full GC of process {@code pid}. */
    static OptionalLong usedAfterFullGc(long pid) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) return OptionalLong.empty();
        Path commands = null;
        try {
            commands = Files.createTempFile("duet-bench-jcmd-", ".txt");
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "-f", commands.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(JCMD_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return OptionalLong.empty();
            }
            return p.exitValue() == 0 ? parseUsed(new String(out, StandardCharsets.UTF_8)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } finally {
            if (commands != null) {
                try {
                    Files.deleteIfExists(commands);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * Bytes "used" in a {@code GC.heap_info} answer, whatever the collector: G1 prints one heap line
     * ("garbage-first heap total reserved ..., committed ..., used ..."), Serial and Parallel one
     * line per generation ("total ..., used ..."), ZGC "used ..., capacity ...". Metaspace and class
     * space are not heap and are skipped.
     */
    static OptionalLong parseUsed(String heapInfo) {
        long used = 0;
        boolean any = false;
        for (String line : heapInfo.lines().toList()) {
            if (line.contains("Metaspace") || line.contains("class space")) continue;
            Matcher m = USED.matcher(line);
            if (!m.find()) continue;
            any = true;
            long n = Long.parseLong(m.group(1));
            used += switch (m.group(2)) {
                case "G" -> n << 30;
                case "M" -> n << 20;
                default -> n << 10;
            };
        }
        return any ? OptionalLong.of(used) : OptionalLong.empty();
    }
}
