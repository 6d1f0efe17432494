package app.duet.storage.postgres;

import app.duet.DuetConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --db} / {@code DUET_DB} URLs as operators write them, and the password kept out of sight. */
class PostgresUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            postgresql://duet:pw@db.example.org:5433/chat   | jdbc:postgresql://db.example.org:5433/chat | duet | pw
            postgres://duet:pw@db.example.org/chat          | jdbc:postgresql://db.example.org/chat      | duet | pw
            postgresql://duet@localhost/chat                | jdbc:postgresql://localhost/chat           | duet | -
            postgresql://localhost:5432/chat?sslmode=require | jdbc:postgresql://localhost:5432/chat?sslmode=require | - | -
            postgresql://d%40et:p%3Aw%2Fx%40y+z@[::1]:5432/chat | jdbc:postgresql://[::1]:5432/chat      | d@et | p:w/x@y+z
            """)
    void a_url_is_split_into_the_jdbc_url_the_user_and_the_password(String url, String jdbc, String user, String password) {
        PostgresUrl parsed = PostgresUrl.parse(url);

        assertThat(parsed.jdbcUrl()).isEqualTo(jdbc);
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:pw@h/db", "postgresql://u:pw@h", "postgresql://u:pw@h/", "postgresql:///db", "postgresql://u:p w@h/db"})
    void other_urls_are_refused_without_showing_the_password(String url) {
        assertThatThrownBy(() -> PostgresUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw").hasMessageNotContaining("p w");
    }

    @Test
    void neither_the_url_nor_the_configuration_shows_the_password() {
        String url = "postgresql://duet:hunter2@db.example.org:5432/chat";

        assertThat(PostgresUrl.parse(url).toString()).doesNotContain("hunter2").contains("db.example.org", "duet");
        assertThat(DuetConfig.builder().databaseUrl(url).build().toString())
                .doesNotContain("hunter2").contains("databaseUrl=postgresql://duet:***@db.example.org:5432/chat");
    }
}
