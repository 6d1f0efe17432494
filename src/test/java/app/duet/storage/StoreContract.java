package app.duet.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole contract of {@link Store}, one body for every adapter (as Caffeine runs one
 * parameterised body against every cache). An adapter's test extends this class once and says how
 * to open its store; everything in the contract goes through the interface only, never SQL.
 *
 * <p>The tests live in one interface per section, each extending {@link StoreFixture} (the helpers),
 * and JUnit runs their default test methods in every class that implements them:
 * {@link UsersAndSessionsContract}, {@link ContactsContract}, {@link MessagesContract},
 * {@link ReadMarksContract}, {@link HistoryContract}, {@link DeletingContract},
 * {@link ChatBoxesContract}, {@link DurabilityAndSchemaContract}, {@link UnreadCountsContract}. This class
 * keeps the state.
 *
 * <p>Each test gets a fresh, empty store in its own folder. Times are made up and strictly
 * increasing ({@link #tick()}), so ordering by activity is deterministic.
 */
public abstract class StoreContract implements StoreFixture,
        UsersAndSessionsContract, ContactsContract, MessagesContract, ReadMarksContract,
        HistoryContract, DeletingContract, ChatBoxesContract, DurabilityAndSchemaContract, UnreadCountsContract,
        UserSearchContract, BlocksContract, LastSeenAndChatSettingsContract, MessageSearchContract, MessageEditsContract,
        AttachmentsContract, AdminContract {

    /**
     * Opens (creating if needed) the adapter's store for this folder and brings its schema up to
     * date. Called again with the same folder, it must open the same data: that is how the
     * persistence tests reopen. (An adapter on a server database derives its database or schema
     * name from the folder.)
     */
    protected abstract Store openStore(Path dir);

    /**
     * With the store closed, makes its database claim a schema version newer than this build
     * knows. The next {@link #openStore} must refuse it with a {@link StorageException}.
     */
    protected abstract void makeSchemaNewerThanThisBuild(Path dir) throws Exception;

    /** Runs each statement, in its own transaction, on the database of {@code dir}, beside any open store. */
    protected abstract void runSql(Path dir, String... statements) throws Exception;

    /** The statements that take schema version 5 (message search) off, in this adapter's SQL. */
    protected abstract List<String> messageSearchUndo();

    @TempDir
    protected Path dir;

    protected Store store;

    private long clock = 1_700_000_000_000L;

    @BeforeEach
    void openFreshStore() {
        store = openStore(dir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public long tick() {
        return clock += 1_000;
    }

    @Override
    public Store reopen() {
        store.close();
        store = null;
        store = openStore(dir);
        return store;
    }

    @Override
    public Store closeForGood() {
        Store closed = store;
        store.close();
        store = null;
        return closed;
    }

    @Override
    public Store openOnSameData() {
        return openStore(dir);
    }

    @Override
    public void makeDataNewerThanThisBuild() throws Exception {
        makeSchemaNewerThanThisBuild(dir);
    }

    @Override
    public void runSql(String... statements) throws Exception {
        runSql(dir, statements);
    }

    @Override
    public void undoMessageSearch() throws Exception {
        runSql(dir, messageSearchUndo().toArray(String[]::new));
        runSql(dir, "DELETE FROM schema_version WHERE version = 7");
    }
}
