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
        if (!USERNAME.matcher(username).matches()) {
            throw new DuetException(ErrorCode.INVALID_USERNAME,
                    "A username has 3 to 32 characters: letters a-z, digits, '_', '.' or '-'.");
        }
        return normalizeUsername(username);
    }

    public static String normalizeUsername(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    public static void checkPassword(String password) {
        int length = Text.length(password);
        if (length < 8 || length > 256) {
            throw new DuetException(ErrorCode.WEAK_PASSWORD, "A password has 8 to 256 characters.");
        }
    }

    public static String checkName(String name) {
        int length = Text.length(name);
        boolean control = name.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL);
        if (length < 1 || length > 64 || control || Text.hasUnpairedSurrogate(name)) {
            throw new DuetException(ErrorCode.INVALID_NAME,
                    "A display name has 1 to 64 characters and no control characters.");
        }
        return name;
    }
}
