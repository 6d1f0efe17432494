package app.duet.cli;

import app.duet.DuetConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data DIR}: shared by every command that opens the database. */
final class DataOption {
    @Option(names = "--data", description = "Folder for the database (default: ${DEFAULT-VALUE}).")
    Path dir = DuetConfig.DEFAULTS.dataDir();
}
