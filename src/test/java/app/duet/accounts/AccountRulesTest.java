package app.duet.accounts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PROTOCOL.md §2: usernames, passwords and display names. Lengths count code points. */
class AccountRulesTest {

    private static void refused(Runnable check, ErrorCode code) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(DuetException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    // ---- usernames

    @ParameterizedTest
    @ValueSource(strings = {"abc", "alice", "a_b", "a.b", "a-b", "007", "___", "...", "---", "user.name_with-all.3",
            "abcdefghijklmnopqrstuvwxyz012345"})
    void usernames_of_3_to_32_allowed_characters_are_accepted(String username) {
        assertThat(AccountRules.checkUsername(username)).isEqualTo(username);
    }

    @Test
    void a_username_is_accepted_in_either_case_and_stored_lower_case() {
        assertThat(AccountRules.checkUsername("AliCE")).isEqualTo("alice");
        assertThat(AccountRules.checkUsername("BOB.SMITH_2")).isEqualTo("bob.smith_2");
    }

    @Test
    void normalizing_a_username_lower_cases_it_without_regard_to_the_default_locale() {
        assertThat(AccountRules.normalizeUsername("IRIS")).isEqualTo("iris");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "abcdefghijklmnopqrstuvwxyz0123456"})
    void usernames_shorter_than_3_or_longer_than_32_are_refused(String username) {
        refused(() -> AccountRules.checkUsername(username), ErrorCode.INVALID_USERNAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"al ice", "alice ", " alice", "al@ce", "al+ce", "al/ce", "al%ce", "al*ce", "al'ce", "al\"ce",
            "al;ce", "alice\n", "alice\u0000", "al\tce", "al,ce", "al~ce"})
    void usernames_with_other_characters_are_refused(String username) {
        refused(() -> AccountRules.checkUsername(username), ErrorCode.INVALID_USERNAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jösé", "müller", "élodie", "алиса", "ａｂｃ", "\u212Aelvin", "\u0130stanbul", "d\u0131ana",
            "caf\u00e9", "😀😀😀", "日本語"})
    void usernames_with_non_ascii_characters_are_refused(String username) {
        refused(() -> AccountRules.checkUsername(username), ErrorCode.INVALID_USERNAME);
    }

    // ---- passwords

    @Test
    void passwords_of_8_to_256_characters_are_accepted() {
        AccountRules.checkPassword("12345678");
        AccountRules.checkPassword("x".repeat(256));
        AccountRules.checkPassword("        ");
    }

    @Test
    void passwords_shorter_than_8_or_longer_than_256_are_refused() {
        refused(() -> AccountRules.checkPassword(""), ErrorCode.WEAK_PASSWORD);
        refused(() -> AccountRules.checkPassword("1234567"), ErrorCode.WEAK_PASSWORD);
        refused(() -> AccountRules.checkPassword("x".repeat(257)), ErrorCode.WEAK_PASSWORD);
    }

    @Test
    void password_length_counts_an_emoji_as_one_character() {
        AccountRules.checkPassword("🔑".repeat(8));
        AccountRules.checkPassword("🔑".repeat(256));
        refused(() -> AccountRules.checkPassword("🔑".repeat(7)), ErrorCode.WEAK_PASSWORD);
        refused(() -> AccountRules.checkPassword("🔑".repeat(257)), ErrorCode.WEAK_PASSWORD);
    }

    // ---- display names

    @Test
    void names_of_1_to_64_characters_are_accepted_unchanged() {
        assertThat(AccountRules.checkName("A")).isEqualTo("A");
        assertThat(AccountRules.checkName("n".repeat(64))).isEqualTo("n".repeat(64));
        assertThat(AccountRules.checkName("  Zoë Ω 日本 ")).isEqualTo("  Zoë Ω 日本 ");
    }

    @Test
    void an_empty_name_or_one_over_64_characters_is_refused() {
        refused(() -> AccountRules.checkName(""), ErrorCode.INVALID_NAME);
        refused(() -> AccountRules.checkName("n".repeat(65)), ErrorCode.INVALID_NAME);
    }

    @Test
    void name_length_counts_an_emoji_as_one_character() {
        assertThat(AccountRules.checkName("🦊".repeat(64))).isEqualTo("🦊".repeat(64));
        refused(() -> AccountRules.checkName("🦊".repeat(65)), ErrorCode.INVALID_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "tab\there", "cr\r", "\u0007bell", "del\u007f", "nel\u0085", "csi\u009b", "\u001b[31mred"})
    void names_with_control_characters_are_refused(String name) {
        refused(() -> AccountRules.checkName(name), ErrorCode.INVALID_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nbsp\u00a0name", "e\u0301", "Zoë 李小龙", "ideographic\u3000space", " padded "})
    void names_with_space_or_combining_characters_are_accepted(String name) {
        assertThat(AccountRules.checkName(name)).isEqualTo(name);
    }

    /** PROTOCOL.md 2.1: "\u202eecilA" must not show as "Alice", nor an invisible name pass for a real one. */
    @ParameterizedTest
    @ValueSource(strings = {"\u202eecilA", "rtl \u202eevil", "isolate\u2067x\u2069", "mark\u200e", "arabic\u061cmark",
            "zero\u200bwidth", "joiner\u200d", "family 👩\u200d👩\u200d👧", "word\u2060joiner", "soft\u00adhyphen",
            "\ufeffbom", "hangul\u3164filler", "\u115f", "cgj\u034f", "mongolian\u180e", "khmer\u17b4"})
    void names_with_bidirectional_controls_or_invisible_characters_are_refused(String name) {
        refused(() -> AccountRules.checkName(name), ErrorCode.INVALID_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "   ", "\u00a0", "\u3000\u2003", "\u2028"})
    void names_of_only_white_space_are_refused(String name) {
        refused(() -> AccountRules.checkName(name), ErrorCode.INVALID_NAME);
    }

    /** An unpaired surrogate cannot be stored as UTF-8 (SQLite turns it into '?'). */
    @ParameterizedTest
    @ValueSource(strings = {"A\ud800", "\udc00name"})
    void names_with_an_unpaired_surrogate_are_refused(String name) {
        refused(() -> AccountRules.checkName(name), ErrorCode.INVALID_NAME);
    }
}
