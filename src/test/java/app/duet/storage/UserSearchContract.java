package app.duet.storage;

import app.duet.model.User;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: finding users by their display name
 * (extension {@code GET /api/users/search}).
 */
public interface UserSearchContract extends StoreFixture {

    @Test
    default void a_display_name_is_found_by_any_part_of_it_in_any_script() {
        User me = user("me");
        User wang = user("wxm", "王小明");
        User li = user("li", "李小红");
        user("ann", "Ann");

        assertThat(store().searchUsersByName("王", me.id(), 20)).containsExactly(wang);
        assertThat(store().searchUsersByName("小", me.id(), 20)).containsExactlyInAnyOrder(wang, li);
        assertThat(store().searchUsersByName("小明", me.id(), 20)).containsExactly(wang);
        assertThat(store().searchUsersByName("张", me.id(), 20)).isEmpty();
    }

    @Test
    default void name_search_ignores_ascii_case_and_takes_wildcards_literally() {
        User me = user("me");
        User alice = user("alice", "Alice Liddell");
        User percent = user("pct", "100% real");
        User under = user("und", "a_b");

        assertThat(store().searchUsersByName("LIDD", me.id(), 20)).containsExactly(alice);
        assertThat(store().searchUsersByName("%", me.id(), 20)).containsExactly(percent);
        assertThat(store().searchUsersByName("_", me.id(), 20)).containsExactly(under);
        assertThat(store().searchUsersByName("!", me.id(), 20)).isEmpty();
    }

    @Test
    default void name_search_excludes_the_caller_and_is_bounded() {
        User me = user("me", "Sam One");
        for (int i = 0; i < 5; i++) user("sam" + i, "Sam " + i);

        assertThat(store().searchUsersByName("Sam", me.id(), 3)).hasSize(3).doesNotContain(me);
    }
}
