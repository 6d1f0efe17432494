package app.duet.cli;

import app.duet.backup.BackupArchive;
import app.duet.backup.BackupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code duet restore FILE --data DIR}: a backup made by {@code duet backup}, into an empty data folder. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup made by 'duet backup' into an empty data folder, then start Duet on it.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    DataOption data = new DataOption();

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup to restore.")
    Path file;

    @Override
    public Integer call() {
        if (data.databaseUrl() != null) {
            System.err.println("This Duet keeps its data in PostgreSQL: restore it with pg_restore (see docs/OPERATIONS.md).");
            return 2;
        }
        try {
            BackupArchive.Summary s = BackupArchive.restore(file, data.dir);
            System.out.printf("Restored %,d users, %,d messages and %,d files (schema version %d) into %s. Start it with: duet serve --data %s%n",
                    s.users(), s.messages(), s.files(), s.schemaVersion(), data.dir.toAbsolutePath(), data.dir);
            return 0;
        } catch (BackupException | IOException e) {
            System.err.println("Cannot restore " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
