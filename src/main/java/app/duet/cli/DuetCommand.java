package app.duet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code duet}: the command line. Subcommands: {@code serve}, {@code user add}, {@code backup}, {@code restore}, {@code bench}. */
@Command(name = "duet", mixinStandardHelpOptions = true, version = "Duet 0.1",
        description = "A self-hosted one-to-one chat server.",
        subcommands = {ServeCommand.class, UserCommand.class, BackupCommand.class, RestoreCommand.class, BenchCommand.class})
public final class DuetCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DuetCommand()).execute(args));
    }
}
