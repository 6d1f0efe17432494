package app.duet.bench;

import app.duet.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code duet bench plot}: PNG charts, drawn headless with JFreeChart, from the JSON lines that
 * {@code duet bench chat} and {@code duet bench connect} print (save their stdout to files, one
 * or many runs each):
 * <ul>
 *   <li>{@value #LATENCY_PNG}: p50 and p99 of send → delivered (y, ms, log scale) against the
 *       offered rate (x, msg/s), from the {@code chat} lines;</li>
 *   <li>{@value #MEMORY_PNG}: the server's RSS and its heap after a full GC (y, MiB) against the
 *       connections open (x), from the {@code connect_checkpoint} lines.</li>
 * </ul>
 * One series per run's {@code label} (a {@code --label} given to the workload), else per
 * {@code target}, else per file. Other lines (and any that are not JSON) are skipped.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draws PNG charts from the JSON lines of duet bench chat (latency-vs-rate.png) and connect (memory-vs-connections.png).")
public final class PlotCommand implements Callable<Integer> {
    static final String LATENCY_PNG = "latency-vs-rate.png";
    static final String MEMORY_PNG = "memory-vs-connections.png";
    private static final double MIB = 1024 * 1024;
    private static final double LOG_FLOOR_MS = 0.01;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSON-lines output of duet bench chat or connect; - reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--out", description = "Folder the PNGs are written to (default: ${DEFAULT-VALUE}).")
    Path out = Path.of(".");

    @Option(names = "--width", description = "Pixels (default: ${DEFAULT-VALUE}).")
    int width = 1000;

    @Option(names = "--height", description = "Pixels (default: ${DEFAULT-VALUE}).")
    int height = 650;

    /** Per series name, two curves (p50 and p99; or RSS and heap), in order of first appearance. */
    private final Map<String, XYSeries[]> latency = new LinkedHashMap<>();
    private final Map<String, XYSeries[]> memory = new LinkedHashMap<>();
    private int skipped;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true"); // before the first AWT class loads: no display needed
        for (String file : files) {
            for (String row : read(file)) take(row, file.equals("-") ? "stdin" : Path.of(file).getFileName().toString());
        }
        Files.createDirectories(out);
        List<String> wrote = new ArrayList<>();
        if (!latency.isEmpty()) {
            NumberAxis x = new NumberAxis("offered, msg/s");
            LogAxis y = new LogAxis("send → delivered, ms (log scale)");
            y.setSmallestValue(LOG_FLOOR_MS);
            y.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
            wrote.add(save(LATENCY_PNG, "Latency against offered rate (dashed: p50, solid: p99)", latency, x, y));
        }
        if (!memory.isEmpty()) {
            NumberAxis x = new NumberAxis("WebSockets open");
            NumberAxis y = new NumberAxis("server memory, MiB");
            wrote.add(save(MEMORY_PNG, "Server memory against connections (solid: RSS, dashed: heap after full GC)", memory, x, y));
        }
        if (skipped > 0) JsonLines.progress(skipped + " lines were not JSON and were skipped");
        if (wrote.isEmpty()) {
            JsonLines.progress("no chat or connect_checkpoint lines in " + String.join(", ", files) + ": nothing drawn");
            return 1;
        }
        ObjectNode line = JsonLines.line("plot");
        wrote.forEach(line.putArray("files")::add);
        JsonLines.print(line);
        return 0;
    }

    private static List<String> read(String file) throws IOException {
        if (!file.equals("-")) return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }

    /** Adds one JSON line's point(s) to its series. */
    private void take(String row, String fileName) {
        String trimmed = row.strip();
        if (trimmed.isEmpty()) return;
        JsonNode json;
        try {
            json = Json.parseObject(trimmed);
        } catch (RuntimeException e) {
            skipped++;
            return;
        }
        String name = json.path("label").isTextual() ? json.path("label").asText()
                : json.path("target").isTextual() ? json.path("target").asText() : fileName;
        switch (json.path("workload").asText()) {
            case "chat" -> {
                double rate = json.path("rate").asDouble(Double.NaN);
                if (Double.isNaN(rate)) return;
                XYSeries[] s = latency.computeIfAbsent(name, n -> pair(n + " p50", n + " p99"));
                addIfPresent(s[0], rate, json.path("delivered_p50_ms"), 1, LOG_FLOOR_MS);
                addIfPresent(s[1], rate, json.path("delivered_p99_ms"), 1, LOG_FLOOR_MS);
            }
            case "connect_checkpoint" -> {
                double open = json.path("connections").asDouble(Double.NaN);
                if (Double.isNaN(open)) return;
                XYSeries[] s = memory.computeIfAbsent(name, n -> pair(n + " heap after GC", n + " RSS"));
                addIfPresent(s[0], open, json.path("heap_used_bytes"), MIB, 0);
                addIfPresent(s[1], open, json.path("rss_bytes"), MIB, 0);
            }
            default -> { } // summaries, other workloads
        }
    }

    private static XYSeries[] pair(String first, String second) {
        return new XYSeries[] {new XYSeries(first, true, true), new XYSeries(second, true, true)};
    }

    private static void addIfPresent(XYSeries series, double x, JsonNode value, double divisor, double floor) {
        if (value.isNumber()) series.add(x, Math.max(floor, value.asDouble() / divisor));
    }

    /** One chart: each name's two curves in one colour, the first dashed, the second solid. */
    private String save(String fileName, String title, Map<String, XYSeries[]> series, ValueAxis x, ValueAxis y) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Paint[] colours = DefaultDrawingSupplier.DEFAULT_PAINT_SEQUENCE;
        BasicStroke solid = new BasicStroke(2f);
        BasicStroke dashed = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
        int k = 0;
        for (XYSeries[] pairOf : series.values()) {
            Paint colour = colours[k++ % colours.length];
            for (int j = 0; j < 2; j++) {
                if (pairOf[j].getItemCount() == 0) continue;
                int index = data.getSeriesCount();
                data.addSeries(pairOf[j]);
                renderer.setSeriesPaint(index, colour);
                renderer.setSeriesStroke(index, j == 0 ? dashed : solid);
            }
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Path file = out.resolve(fileName);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        JsonLines.progress("wrote " + file);
        return file.toString();
    }
}
