package app.duet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code duet config [serve's options]}: what {@code duet serve} would run with, each option with
 * its value and where the value came from (a flag, the environment, the file, the default), secrets
 * masked. Nothing starts.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the configuration 'duet serve' would run with (same flags, DUET_* environment and --config file), "
                + "and where each value comes from; passwords masked.")
final class ConfigCommand implements Callable<Integer> {
    /** user:password@ in a URL. */
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(//[^:/@]*:)[^@]*@");

    @ParentCommand
    DuetCommand parent;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        ConfigSources sources = parent.sources();
        CommandLine serve = new CommandLine(new ServeCommand());
        serve.setDefaultValueProvider(sources);
        CommandLine.ParseResult parsed;
        try {
            parsed = serve.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (sources.file() != null) System.out.println("# configuration file: " + sources.file().toAbsolutePath());
        System.out.printf("%-30s %-40s %s%n", "option", "value", "from");
        for (OptionSpec o : serve.getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            ConfigSources.Origin origin = sources.originOf(o, parsed);
            String from = switch (origin.source()) {
                case FLAG -> "flag " + origin.name();
                case ENVIRONMENT -> "environment " + origin.name();
                case FILE -> "file " + origin.name();
                case DEFAULT -> "default";
            };
            System.out.printf("%-30s %-40s %s%n", o.longestName(), mask(String.valueOf(o.<Object>getValue())), from);
        }
        return 0;
    }

    /** A URL's password as ****; everything else as it is. */
    static String mask(String value) {
        return PASSWORD_IN_URL.matcher(value).replaceAll("$1****@");
    }
}
