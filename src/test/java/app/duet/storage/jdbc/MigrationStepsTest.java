package app.duet.storage.jdbc;

import app.duet.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a migration script is cut into statements, and which of them run outside its transaction. */
class MigrationStepsTest {

    @Test
    void statements_end_at_a_semicolon_at_a_line_end_and_comments_are_dropped() {
        String script = """
                -- a comment
                CREATE TABLE t (a INTEGER, -- the a
                                b TEXT);
                INSERT INTO t VALUES (1, 'x');
                """;
        assertThat(Migrations.steps(script)).containsExactly(
                new Migrations.Step("CREATE TABLE t (a INTEGER,\nb TEXT);", false),
                new Migrations.Step("INSERT INTO t VALUES (1, 'x');", false));
    }

    @Test
    void only_the_statement_after_the_marker_runs_outside_the_transaction() {
        String script = """
                CREATE TABLE t (a INTEGER);
                -- duet:outside-transaction
                CREATE INDEX CONCURRENTLY t_a
                    ON t (a);
                INSERT INTO t VALUES (1);
                """;
        List<Migrations.Step> steps = Migrations.steps(script);
        assertThat(steps).extracting(Migrations.Step::outsideTransaction).containsExactly(false, true, false);
        assertThat(steps.get(1).sql()).isEqualTo("CREATE INDEX CONCURRENTLY t_a\nON t (a);");
    }

    @Test
    void a_marker_inside_a_statement_is_refused() {
        assertThatThrownBy(() -> Migrations.steps("CREATE INDEX t_a\n-- duet:outside-transaction\nON t (a);"))
                .isInstanceOf(StorageException.class).hasMessageContaining("inside a statement");
    }
}
