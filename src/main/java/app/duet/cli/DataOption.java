package app.duet.cli;

import app.duet.DuetConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --data DIR} and {@code --db URL}: shared by every command that opens the database. Without
 * {@code --db} (nor {@code DUET_DB} in the environment) the database is SQLite in the data folder.
 */
final class DataOption {
    /** The environment variable that may name the database instead of {@code --db}, keeping its password off the command line. */
    static final String DB_ENV = "DUET_DB";

    /** Read before parsing (ConfigSources); declared so that every command that opens the database accepts it. */
    @Option(names = "--config", paramLabel = "FILE", description = "Read options from this .properties file (keys: option names "
            + "without the dashes, e.g. port = 8080); flags and DUET_* environment variables win over it. Also DUET_CONFIG.")
    Path config;

    @Option(names = "--data", description = "Folder for the SQLite database (default: ${DEFAULT-VALUE}).")
    Path dir = DuetConfig.DEFAULTS.dataDir();

    @Option(names = "--db", paramLabel = "URL", description = "Keep everything in this PostgreSQL database instead: "
            + "postgresql://USER:PASSWORD@HOST:PORT/DB (or postgres://...). Also read from the DUET_DB environment "
            + "variable, which keeps the password off the command line. Default: SQLite in --data.")
    String db = DuetConfig.DEFAULTS.databaseUrl();

    /** {@code --db}, else {@code DUET_DB}, else the default (none: SQLite). */
    String databaseUrl() {
        if (db != null && !db.isBlank()) return db.strip();
        String env = System.getenv(DB_ENV);
        return env != null && !env.isBlank() ? env.strip() : DuetConfig.DEFAULTS.databaseUrl();
    }
}
