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
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage accounts, with the server running or stopped; every action goes to the audit log.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Disable.class, UserCommand.Enable.class,
                UserCommand.ResetPassword.class, UserCommand.RevokeSessions.class, UserCommand.Audit.class})
final class UserCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /** Said when standard input ended before a password line (a script that forgot to give one). */
    static final String NO_PASSWORD = "No password given: type it when asked on a terminal, or give it as one line on standard input"
            + " (for example: printf '%s\\n' \"$PASSWORD\" | duet user add NAME).";

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account (works when registration is closed); its password is asked twice on a terminal, or read as one line from standard input.")
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
                System.err.println(NO_PASSWORD);
                return 2;
            }
            DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(data.dir).databaseUrl(data.databaseUrl()).bcryptCost(bcryptCost).build();
            try {
                User user = DuetServer.withAdmin(config, (accounts, admin) -> {
                    User made = accounts.createAccount(username, password, name);
                    admin.added(made);
                    return made;
                });
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
        static String readPassword() throws IOException {
            Console console = System.console();
            if (console != null && isTerminal(console)) {
                char[] first = console.readPassword("Password for the account: ");
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

    /** What every action on one account needs: the database and the username. */
    abstract static class OnAccount implements Callable<Integer> {
        @Mixin
        DataOption data = new DataOption();

        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        DuetConfig config() {
            return DuetConfig.DEFAULTS.toBuilder().dataDir(data.dir).databaseUrl(data.databaseUrl()).build();
        }

        /** Runs {@code work}, printing its line, or the refusal (exit 1). */
        int run(java.util.function.Function<app.duet.accounts.AccountAdmin, String> work) {
            try {
                String said = DuetServer.withAdmin(config(), (accounts, admin) -> work.apply(admin));
                System.out.println(said);
                return 0;
            } catch (DuetException e) {
                System.err.println(e.getMessage() + " (" + e.code().code() + ")");
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts: username, name, state, sessions, last seen.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        DataOption data = new DataOption();

        @Override
        public Integer call() {
            DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(data.dir).databaseUrl(data.databaseUrl()).build();
            var accounts = DuetServer.withAdmin(config, (service, admin) -> admin.list());
            System.out.printf("%-8s %-32s %-24s %-9s %8s  %s%n", "id", "username", "name", "state", "sessions", "last seen");
            for (var a : accounts) {
                System.out.printf("%-8d %-32s %-24s %-9s %8d  %s%n", a.user().id(), a.user().username(), a.user().name(),
                        a.disabled() ? "disabled" : "active", a.sessions(),
                        a.lastSeenAt() == null ? "-" : java.time.Instant.ofEpochMilli(a.lastSeenAt()).toString());
            }
            System.out.println(accounts.size() + (accounts.size() == 1 ? " account" : " accounts"));
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an account: it cannot sign in, its sessions end and its open sockets close (within seconds on a running server).")
    static final class Disable extends OnAccount {
        @Override
        public Integer call() {
            return run(admin -> "Disabled " + username + "; signed out " + admin.disable(username) + " session(s).");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled account sign in again.")
    static final class Enable extends OnAccount {
        @Override
        public Integer call() {
            return run(admin -> {
                admin.enable(username);
                return "Enabled " + username + ".";
            });
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Give an account a new password (asked twice on a terminal, or one line on standard input); its sessions end.")
    static final class ResetPassword extends OnAccount {
        @Override
        public Integer call() throws IOException {
            String password = Add.readPassword();
            if (password == null) {
                System.err.println(NO_PASSWORD);
                return 2;
            }
            return run(admin -> "New password for " + username + "; signed out " + admin.resetPassword(username, password) + " session(s).");
        }
    }

    @Command(name = "revoke-sessions", mixinStandardHelpOptions = true,
            description = "Sign an account out everywhere: its sessions end and its open sockets close.")
    static final class RevokeSessions extends OnAccount {
        @Override
        public Integer call() {
            return run(admin -> "Signed " + username + " out of " + admin.revokeSessions(username) + " session(s).");
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Print the audit log of administrative actions, newest last.")
    static final class Audit implements Callable<Integer> {
        @Mixin
        DataOption data = new DataOption();

        @picocli.CommandLine.Option(names = "--last", description = "How many entries, the latest (default: ${DEFAULT-VALUE}).")
        int last = 50;

        @Override
        public Integer call() {
            DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(data.dir).databaseUrl(data.databaseUrl()).build();
            var entries = DuetServer.withAdmin(config, (service, admin) -> admin.auditLog(Math.max(1, Math.min(last, 10_000))));
            for (var e : entries) {
                System.out.printf("%s  %-22s %-24s %s%n", java.time.Instant.ofEpochMilli(e.at()), e.action(), e.detail(), e.actor());
            }
            return 0;
        }
    }
}
