package app.duet.model;

import java.text.Collator;
import java.util.Comparator;
import java.util.Locale;

/** A registered person, as every client sees them. */
public record User(long id, String username, String name) {

    /**
     * "Sorted by name" for every adapter alike: by display name, ignoring case in every script
     * (databases fold only ASCII), then by username. A new comparator per sort: collators are
     * not thread-safe.
     */
    public static Comparator<User> byName() {
        Collator collator = Collator.getInstance(Locale.ROOT);
        collator.setStrength(Collator.SECONDARY);
        // Lower-case first: the JDK's root collator does not fold case outside Latin.
        return Comparator.comparing((User u) -> u.name().toLowerCase(Locale.ROOT), collator).thenComparing(User::username);
    }
}
