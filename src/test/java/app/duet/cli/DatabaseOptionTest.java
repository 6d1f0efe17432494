package app.duet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code --db} picks PostgreSQL for {@code serve} and {@code user add}; without it (nor DUET_DB) the database is SQLite. */
class DatabaseOptionTest {

    @Test
    void db_names_the_postgresql_database_for_serve() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--db", "postgresql://duet:pw@db:5432/duet");

        assertThat(serve.data.databaseUrl()).isEqualTo("postgresql://duet:pw@db:5432/duet");
    }

    @Test
    void without_db_nor_duet_db_the_database_is_sqlite_in_the_data_folder() {
        assumeTrue(System.getenv(DataOption.DB_ENV) == null, "DUET_DB is set in this environment");
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--data", "/tmp/somewhere");

        assertThat(serve.data.databaseUrl()).isNull();
    }
}
