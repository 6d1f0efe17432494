package app.duet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code duet}: the command line. Subcommands: {@code serve}, {@code user add}, {@code backup}, {@code restore}, {@code bench}. */
@Command(name = "duet", mixinStandardHelpOptions = true, version = "Duet 0.1",
        description = "A self-hosted one-to-one chat server.",
        subcommands = {ServeCommand.class, ConfigCommand.class, UserCommand.class, ExportCommand.class, BackupCommand.class, RestoreCommand.class, BenchCommand.class})
public final class DuetCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    private ConfigSources sources;

    ConfigSources sources() { return sources; }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    /**
     * Runs a command with its options from the flags, then the environment ({@code DUET_*}), then
     * the configuration file ({@link ConfigSources}). A file key that names no option, or a file
     * that cannot be read, stops it (exit 2) with a message naming the key.
     */
    static int run(String[] args, java.util.Map<String, String> env) {
        DuetCommand root = new DuetCommand();
        CommandLine cl = new CommandLine(root);
        try {
            root.sources = ConfigSources.of(args, env);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        java.util.Set<String> unknown = new java.util.TreeSet<>();
        unknownKeys(cl, root.sources, unknown, true);
        if (!unknown.isEmpty()) {
            System.err.println("Unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " in "
                    + root.sources.file().toAbsolutePath() + ": a key is an option's name without the dashes, e.g. port = 8080"
                    + " (see duet serve --help).");
            return 2;
        }
        cl.setDefaultValueProvider(root.sources);
        return cl.execute(args);
    }

    /** The file's keys that no command knows (a file is shared by serve, user, backup...). */
    private static void unknownKeys(CommandLine cl, ConfigSources sources, java.util.Set<String> unknown, boolean first) {
        java.util.Set<String> here = sources.unknownKeys(cl.getCommandSpec());
        if (first) unknown.addAll(here); else unknown.retainAll(here);
        for (CommandLine sub : cl.getSubcommands().values()) unknownKeys(sub, sources, unknown, false);
    }
}
