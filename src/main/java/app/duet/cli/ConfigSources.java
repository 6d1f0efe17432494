package app.duet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an option's value comes from when the command line does not give it: the environment
 * ({@code DUET_} and the option's name in capitals, {@code -} as {@code _}: {@code --max-file-mb}
 * is {@code DUET_MAX_FILE_MB}), then the configuration file ({@code --config FILE} or
 * {@code DUET_CONFIG}: a {@code .properties} file whose keys are the options' names without the
 * dashes, {@code max-file-mb = 50}), then the option's own default. So the precedence is: flag,
 * environment, file, default. Remembers which source answered, for {@code duet config}.
 */
final class ConfigSources implements CommandLine.IDefaultValueProvider {
    static final String FILE_ENV = "DUET_CONFIG";

    /** Where a value came from. */
    enum Source { FLAG, ENVIRONMENT, FILE, DEFAULT }

    record Origin(Source source, String name) { }

    private final Map<String, String> env;
    private final Path file;                         // null: none
    private final Map<String, String> fileValues;    // key (an option's name without dashes) -> value
    private final Map<String, Origin> answered = new ConcurrentHashMap<>();

    private ConfigSources(Map<String, String> env, Path file, Map<String, String> fileValues) {
        this.env = env;
        this.file = file;
        this.fileValues = fileValues;
    }

    /**
     * The sources for a run: the environment, and the file named by {@code --config FILE} /
     * {@code --config=FILE} in {@code args}, else by {@code DUET_CONFIG}, if any.
     * @throws IllegalArgumentException if the file cannot be read
     */
    static ConfigSources of(String[] args, Map<String, String> env) {
        Path file = fileIn(args, env);
        return new ConfigSources(env, file, file == null ? Map.of() : read(file));
    }

    static Path fileIn(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) return Path.of(args[i + 1]);
            if (args[i].startsWith("--config=")) return Path.of(args[i].substring("--config=".length()));
        }
        String fromEnv = env.get(FILE_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.strip());
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) values.put(key.strip(), p.getProperty(key).strip());
        return values;
    }

    Path file() { return file; }

    /** The environment variable that stands for an option, e.g. {@code DUET_MAX_FILE_MB} for {@code --max-file-mb}. */
    static String envName(String key) {
        return "DUET_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** An option's key: its longest name without the dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /**
     * The file's keys that name no option of {@code command} (nor {@code config} itself): a typo
     * there must stop the start, not be silently ignored.
     */
    Set<String> unknownKeys(CommandLine.Model.CommandSpec command) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : command.options()) known.add(key(o));
        Set<String> unknown = new TreeSet<>(fileValues.keySet());
        unknown.removeAll(known);
        return unknown;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
        String key = key(option);
        if (key.equals("config")) return null;
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            answered.put(key, new Origin(Source.ENVIRONMENT, envName(key)));
            return fromEnv.strip();
        }
        String fromFile = fileValues.get(key);
        if (fromFile != null) {
            answered.put(key, new Origin(Source.FILE, file.getFileName().toString()));
            return fromFile;
        }
        return null;
    }

    /** Where the value of {@code option} came from, after parsing {@code parsed}. */
    Origin originOf(OptionSpec option, CommandLine.ParseResult parsed) {
        if (parsed.hasMatchedOption(option)) return new Origin(Source.FLAG, option.longestName());
        return answered.getOrDefault(key(option), new Origin(Source.DEFAULT, ""));
    }
}
