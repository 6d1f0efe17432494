package app.duet.chats;

import app.duet.DuetException;
import app.duet.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PROTOCOL.md §4: message text and clientId. */
class MessageRulesTest {

    private static void refused(Runnable check, ErrorCode code) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(DuetException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    // ---- text

    @Test
    void an_empty_text_is_refused_as_empty() {
        refused(() -> MessageRules.checkText(""), ErrorCode.EMPTY_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "   ", "\t", "\n", "\r\n", " \t\n\u000b\f\r "})
    void a_text_of_only_ascii_white_space_is_refused_as_empty(String text) {
        refused(() -> MessageRules.checkText(text), ErrorCode.EMPTY_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00a0", "\u00a0\u00a0 ", "\u2007", "\u202f", "\u3000", "\u2003\u2009", "\u2028", "\u2029",
            "\u1680", "\u205f"})
    void a_text_of_only_non_breaking_or_other_unicode_spaces_is_refused_as_empty(String text) {
        refused(() -> MessageRules.checkText(text), ErrorCode.EMPTY_MESSAGE);
    }

    /** U+0085 NEXT LINE has the Unicode White_Space property (it is Cc, so Java's two checks miss it). */
    @Test
    void a_text_of_only_next_line_characters_is_refused_as_empty() {
        refused(() -> MessageRules.checkText("\u0085"), ErrorCode.EMPTY_MESSAGE);
        refused(() -> MessageRules.checkText(" \u0085 "), ErrorCode.EMPTY_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", " a ", "\u00a0.\u00a0", "😀", "\u200b", "0"})
    void a_text_with_something_besides_white_space_is_accepted(String text) {
        assertThatCode(() -> MessageRules.checkText(text)).doesNotThrowAnyException();
    }

    @Test
    void a_text_of_4000_characters_is_accepted() {
        assertThatCode(() -> MessageRules.checkText("x".repeat(4000))).doesNotThrowAnyException();
    }

    @Test
    void a_text_of_4000_emoji_is_accepted_because_length_counts_code_points() {
        String text = "😀".repeat(4000);
        assertThat(text.length()).isEqualTo(8000);

        assertThatCode(() -> MessageRules.checkText(text)).doesNotThrowAnyException();
    }

    @Test
    void a_text_of_4001_characters_is_refused_as_too_long() {
        refused(() -> MessageRules.checkText("x".repeat(4001)), ErrorCode.MESSAGE_TOO_LONG);
        refused(() -> MessageRules.checkText("😀".repeat(4001)), ErrorCode.MESSAGE_TOO_LONG);
        refused(() -> MessageRules.checkText("😀".repeat(4000) + "x"), ErrorCode.MESSAGE_TOO_LONG);
    }

    /**
     * An unpaired surrogate (JSON can escape one, e.g. U+D800 alone) is not a character: UTF-8 cannot carry
     * it, and SQLite stores it as '?', so the text would not come back "exactly as sent".
     */
    @ParameterizedTest
    @ValueSource(strings = {"x\ud800y", "\udc00", "ok \ud83d"})
    void a_text_with_an_unpaired_surrogate_is_refused(String text) {
        assertThatThrownBy(() -> MessageRules.checkText(text)).isInstanceOf(DuetException.class);
    }

    // ---- clientId

    @Test
    void no_client_id_is_fine() {
        assertThatCode(() -> MessageRules.checkClientId(null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "_", "-", "abc-DEF_123", "550e8400-e29b-41d4-a716-446655440000"})
    void client_ids_of_letters_digits_underscores_and_hyphens_are_accepted(String clientId) {
        assertThatCode(() -> MessageRules.checkClientId(clientId)).doesNotThrowAnyException();
    }

    @Test
    void a_client_id_of_64_characters_is_accepted_and_of_65_refused() {
        assertThatCode(() -> MessageRules.checkClientId("c".repeat(64))).doesNotThrowAnyException();
        refused(() -> MessageRules.checkClientId("c".repeat(65)), ErrorCode.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a.b", "a/b", "a+b", "a=b", "é", "a\n", "a\u0000", "😀", "ａ"})
    void other_client_ids_are_refused_as_bad_request(String clientId) {
        refused(() -> MessageRules.checkClientId(clientId), ErrorCode.BAD_REQUEST);
    }
}
