package app.duet.limits;

/** Keys that exist for a fixed time once set. */
public interface ExpiringKeys {
    /** Sets the key unless it exists. @return whether it was set (it did not exist) */
    boolean setIfAbsent(String key);

    /** Sets the key, restarting its time if it existed. */
    void set(String key);

    boolean exists(String key);
}
