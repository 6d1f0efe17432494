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
    default void name_search_ignores_ascii_case_and_takes_wildcards_of_like_and_glob_literally() {
        User me = user("me");
        User alice = user("alice", "Alice Liddell");
        User percent = user("pct", "100% real");
        User under = user("und", "a_b");

        assertThat(store().searchUsersByName("LIDD", me.id(), 20)).containsExactly(alice);
        assertThat(store().searchUsersByName("%", me.id(), 20)).containsExactly(percent);
        assertThat(store().searchUsersByName("_", me.id(), 20)).containsExactly(under);
        assertThat(store().searchUsersByName("!", me.id(), 20)).isEmpty();
        User glob = user("glob", "[x]*? ^");
        assertThat(store().searchUsersByName("*", me.id(), 20)).containsExactly(glob);
        assertThat(store().searchUsersByName("?", me.id(), 20)).containsExactly(glob);
        assertThat(store().searchUsersByName("[X]", me.id(), 20)).containsExactly(glob);
        assertThat(store().searchUsersByName("]*", me.id(), 20)).containsExactly(glob);
        assertThat(store().searchUsersByName("^", me.id(), 20)).containsExactly(glob);
        assertThat(store().searchUsersByName("[a]", me.id(), 20)).isEmpty();
    }

    @Test
    default void name_search_ignores_the_case_of_letters_outside_ascii_too() {
        User me = user("me");
        User emile = user("emile", "Émile Zoë");
        User boris = user("boris", "Борис");
        User sigma = user("sigma", "ΣΩΚΡΆΤΗΣ");

        assertThat(store().searchUsersByName("émile", me.id(), 20)).containsExactly(emile);
        assertThat(store().searchUsersByName("ZOË", me.id(), 20)).containsExactly(emile);
        assertThat(store().searchUsersByName("борис", me.id(), 20)).containsExactly(boris);
        assertThat(store().searchUsersByName("σωκ", me.id(), 20)).containsExactly(sigma);
    }

    @Test
    default void name_search_excludes_the_caller_and_is_bounded() {
        User me = user("me", "Sam One");
        for (int i = 0; i < 5; i++) user("sam" + i, "Sam " + i);

        assertThat(store().searchUsersByName("Sam", me.id(), 3)).hasSize(3).doesNotContain(me);
    }
}
