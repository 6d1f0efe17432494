package app.duet.accounts;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt with a configurable cost. bcrypt reads at most 72 bytes, so longer passwords are
 * first reduced with SHA-256 (base64) — the contract allows 256 characters and every one of
 * them must count.
 */
final class Passwords {
    private final int cost;
    /** Verified against when the username is unknown, so that case costs as much as a wrong password. */
    private final String decoyHash;

    Passwords(int cost) {
        this.cost = cost;
        this.decoyHash = hash("decoy password that nobody has");
    }

    String hash(String password) {
        return new String(BCrypt.withDefaults().hash(cost, prepare(password)), StandardCharsets.UTF_8);
    }

    boolean verify(String password, String hash) {
        return BCrypt.verifyer().verify(prepare(password), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Spends the time of one verification and fails. */
    void verifyDecoy(String password) {
        verify(password, decoyHash);
    }

    private static byte[] prepare(String password) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 72) return utf8;
        byte[] digest = Tokens.hash(password);
        return java.util.Base64.getEncoder().encodeToString(digest).getBytes(StandardCharsets.US_ASCII);
    }
}
