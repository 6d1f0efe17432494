package app.duet.cli;

import app.duet.DuetConfig;
import app.duet.DuetException;
import app.duet.model.User;
import app.duet.wiring.DuetServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code duet export NAME [--out FILE]}: one user's data (profile, contacts, their own copy of every
 * chat, as JSON and as pages, with its files) as a ZIP, for their right to their data; on the
 * configured database, with the server running or not. Never overwrites a file; the file is private
 * (0600: it holds the user's messages); the export is written to the audit log.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export one user's data (profile, contacts, chats as JSON and HTML, files) to a ZIP file.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DataOption data = new DataOption();

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Option(names = "--out", paramLabel = "FILE", description = "The ZIP to write (default: duet-export-USERNAME-YYYYMMDD.zip here). Never overwritten.")
    Path out;

    @Override
    public Integer call() {
        DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(data.dir).databaseUrl(data.databaseUrl()).build();
        try {
            String said = DuetServer.withExport(config, (export, admin) -> {
                User user = admin.find(username);
                Path file = out != null ? out : Path.of(export.fileName(user));
                long bytes = write(file, stream -> export.write(user, stream));
                admin.exported(user, file.toAbsolutePath().toString());
                return "Exported " + user.username() + " to " + file.toAbsolutePath() + " (" + bytes + " bytes).";
            });
            System.out.println(said);
            return 0;
        } catch (DuetException e) {
            System.err.println("Cannot export: " + e.getMessage() + " (" + e.code().code() + ")");
            return 1;
        } catch (UncheckedIOException e) {
            System.err.println("Cannot export: " + (e.getCause() instanceof FileAlreadyExistsException f
                    ? f.getFile() + " exists already; give another --out (it is never overwritten)."
                    : e.getCause().toString()));
            return 1;
        }
    }

    @FunctionalInterface
    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    /** Writes a new file (refused if one exists), owner-only where the file system says so; removed again if writing fails. @return its size */
    private static long write(Path file, Writing writing) {
        boolean done = false;
        try {
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            try (OutputStream os = Channels.newOutputStream(posix  // private from its first byte
                    ? Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.newByteChannel(file, options))) {
                OutputStream buffered = new BufferedOutputStream(os, 64 * 1024);
                writing.to(buffered);
                buffered.flush();
            }
            done = true;
            return Files.size(file);
        } catch (FileAlreadyExistsException e) {
            done = true; // not ours: leave it
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // nothing better to do: the message says writing failed
                }
            }
        }
    }
}
