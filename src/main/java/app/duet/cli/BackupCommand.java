package app.duet.cli;

import app.duet.backup.BackupArchive;
import app.duet.backup.BackupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code duet backup FILE}: a consistent backup of the embedded database and the uploaded files,
 * taken while the server runs (docs/OPERATIONS.md). On PostgreSQL the database's own tools do it.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up the data folder (database and uploaded files) to one file, while Duet runs.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    DataOption data = new DataOption();

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup to write (a ZIP file, e.g. duet-2026-12-01.zip).")
    Path file;

    @Override
    public Integer call() {
        if (data.databaseUrl() != null) {
            System.err.println("This Duet keeps its data in PostgreSQL: back it up with pg_dump "
                    + "(pg_dump --format=custom --file=duet.dump DB; see docs/OPERATIONS.md).");
            return 2;
        }
        try {
            long started = System.nanoTime();
            BackupArchive.Summary s = BackupArchive.create(data.dir, file);
            System.out.printf("Backed up %,d users, %,d messages and %,d files (%,d bytes, schema version %d) to %s in %d ms.%n",
                    s.users(), s.messages(), s.files(), s.bytes(), s.schemaVersion(), file.toAbsolutePath(),
                    (System.nanoTime() - started) / 1_000_000);
            return 0;
        } catch (BackupException | IOException e) {
            System.err.println("Cannot back up " + data.dir.toAbsolutePath() + ": " + e.getMessage());
            return 1;
        }
    }
}
