/**
 * Limits shared by every node: small primitives ({@link app.duet.limits.TokenBuckets},
 * {@link app.duet.limits.FixedWindows}, {@link app.duet.limits.ExpiringKeys},
 * {@link app.duet.limits.LoginLockouts}) made by one entry point, {@link app.duet.limits.SharedLimits}.
 * With one node there is none: each limiter keeps its state in memory. With many nodes the wiring
 * passes the Redis implementation, and each limiter asks it first, falling back to its own
 * in-memory state while Redis does not answer ({@link app.duet.limits.Fallback}).
 */
package app.duet.limits;
