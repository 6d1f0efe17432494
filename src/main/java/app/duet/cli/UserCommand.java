package app.duet.cli;

import app.duet.DuetConfig;
import app.duet.DuetException;
import app.duet.wiring.DuetServer;
import app.duet.model.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code duet user add NAME}: the operator makes an account, whatever {@code --registration} says.
 * The password is asked for twice on a terminal, or read as one line from standard input
 * ({@code printf '%s\n' "$PW" | duet user add bob}); it never appears on the command line.
 * Safe while a server runs on the same data folder (SQLite admits a second writer in turn).
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage accounts.",
        subcommands = {UserCommand.Add.class})
final class UserCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account (works when registration is closed).")
    static final class Add implements Callable<Integer> {
        @Mixin
        DataOption data = new DataOption();

        @Parameters(index = "0", paramLabel = "USERNAME", description = "3 to 32 characters: a-z, 0-9, '_', '.', '-'.")
        String username;

        @Option(names = "--name", description = "Display name (default: the username).")
        String name;

        @Option(names = "--bcrypt-cost", description = "bcrypt cost (default: ${DEFAULT-VALUE}).")
        int bcryptCost = DuetConfig.DEFAULTS.bcryptCost();

        @Override
        public Integer call() throws IOException {
            String password = readPassword();
            if (password == null) {
                System.err.println("No password given.");
                return 2;
            }
            DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(data.dir).databaseUrl(data.databaseUrl()).bcryptCost(bcryptCost).build();
            try {
                User user = DuetServer.withAccounts(config, accounts -> accounts.createAccount(username, password, name));
                System.out.println("Created user " + user.username() + " (id " + user.id() + ").");
                return 0;
            } catch (DuetException e) {
                System.err.println("Cannot create the account: " + e.getMessage() + " (" + e.code().code() + ")");
                return 1;
            }
        }

        /** Java 22+ gives a Console for redirected input too; only a terminal can be prompted twice. */
        private static boolean isTerminal(Console console) {
            try {
                return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException beforeJava22) {
                return true; // before Java 22 there is a Console only for a terminal
            }
        }

        @SuppressWarnings("SystemConsoleNull") // null before Java 22, a non-terminal console after: both handled
        private static String readPassword() throws IOException {
            Console console = System.console();
            if (console != null && isTerminal(console)) {
                char[] first = console.readPassword("Password for the new account: ");
                char[] again = console.readPassword("The same password again: ");
                if (first == null || again == null) return null;
                if (!Arrays.equals(first, again)) {
                    System.err.println("The two passwords differ.");
                    return null;
                }
                return new String(first);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return in.readLine();
        }
    }
}
