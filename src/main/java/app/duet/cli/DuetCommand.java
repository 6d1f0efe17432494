package app.duet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code duet}: the command line. Today it has one subcommand, {@code serve}. */
@Command(name = "duet", mixinStandardHelpOptions = true, version = "Duet 0.1",
        description = "A self-hosted one-to-one chat server.",
        subcommands = {ServeCommand.class})
public final class DuetCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DuetCommand()).execute(args));
    }
}
