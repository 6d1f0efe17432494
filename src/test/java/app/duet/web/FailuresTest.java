package app.duet.web;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failure tells the client: a busy database is "try again", not a server fault. */
class FailuresTest {

    @Test
    void no_pooled_connection_in_time_is_503_unavailable_even_inside_a_future() {
        StorageException busy = StorageException.of("database read failed",
                new SQLTransientConnectionException("Connection is not available, request timed out after 5000ms"));
        assertThat(busy).isInstanceOf(StorageException.Busy.class);

        DuetException refusal = Failures.refusal(new CompletionException(busy), "GET /ws");

        assertThat(refusal.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(refusal.code().status()).isEqualTo(503);
    }

    @Test
    void other_database_failures_stay_internal_errors() {
        StorageException broken = StorageException.of("database write failed", new SQLException("disk I/O error"));
        assertThat(broken).isNotInstanceOf(StorageException.Busy.class);

        assertThat(Failures.refusal(broken, "POST /api/chats/2/messages").code()).isEqualTo(ErrorCode.INTERNAL);
    }
}
