package app.duet.accounts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Text;

import java.util.Locale;
import java.util.regex.Pattern;

/** The contract's rules for usernames, passwords and display names. Lengths count code points. */
public final class AccountRules {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{3,32}");

    private AccountRules() { }

    /** @return the username in its stored, lower-case form */
    public static String checkUsername(String username) {
        if (!isPossibleUsername(username)) {
            throw new DuetException(ErrorCode.INVALID_USERNAME,
                    "A username has 3 to 32 characters: letters a-z, digits, '_', '.' or '-'.");
        }
        return normalizeUsername(username);
    }

    /** Whether some account could have this username (a login with any other can be refused unheard). */
    public static boolean isPossibleUsername(String username) {
        return username.length() <= 32 && USERNAME.matcher(username).matches();
    }

    public static String normalizeUsername(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    public static void checkPassword(String password) {
        if (!isPossiblePassword(password)) {
            throw new DuetException(ErrorCode.WEAK_PASSWORD, "A password has 8 to 256 characters.");
        }
    }

    /** Whether some account could have this password. */
    public static boolean isPossiblePassword(String password) {
        if (password.length() > 512) return false; // more than 256 code points whatever they are
        int length = Text.length(password);
        return length >= 8 && length <= 256;
    }

    /**
     * PROTOCOL.md §2 and §2.1: 1 to 64 code points; no control characters, no bidirectional
     * controls or invisible characters (so that "\u202eecilA" cannot pass for "Alice"), not only
     * white space.
     */
    public static String checkName(String name) {
        int length = Text.length(name);
        if (length < 1 || length > 64 || Text.hasUnpairedSurrogate(name)
                || name.codePoints().anyMatch(AccountRules::isForbiddenInName)
                || name.codePoints().allMatch(Text::isWhiteSpace)) {
            throw new DuetException(ErrorCode.INVALID_NAME,
                    "A display name has 1 to 64 characters, not only spaces, and no control, direction-changing or invisible characters.");
        }
        return name;
    }

    static boolean isForbiddenInName(int cp) {
        return Character.getType(cp) == Character.CONTROL || isBidiControl(cp) || isInvisible(cp);
    }

    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    private static boolean isInvisible(int cp) {
        return switch (cp) {
            case 0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0 -> true;
            default -> (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064);
        };
    }
}
