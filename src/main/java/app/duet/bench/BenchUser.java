package app.duet.bench;

/** A signed-in account the generator acts as. */
record BenchUser(long id, String username, String token) { }
