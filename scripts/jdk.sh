# Finds a JDK 21 or newer and prints its home; sourced by ./duet and .ci/run.
# Looks at $JAVA_HOME, then `java` on the PATH, then the usual install folders.

duet_java_major() { # prints the major version of the java binary $1 (8 for 1.8)
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = //p' | sed 's/^1\.//' | head -n 1
}

duet_find_jdk() {
  local candidates=() home best="" best_major=0 major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(duet_java_major "$home/bin/java")
    [ -n "$major" ] || continue
    # Prefer $JAVA_HOME when it is new enough, else the newest found.
    if [ "$major" -ge 21 ] && { [ "$home" = "${JAVA_HOME:-}" ] || [ "$major" -gt "$best_major" ]; }; then
      best="$home"; best_major="$major"
      [ "$home" = "${JAVA_HOME:-}" ] && break
    fi
  done
  if [ -z "$best" ]; then
    echo "Duet needs a JDK 21 or newer, and none was found (looked at \$JAVA_HOME, the PATH and /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin JDK, then set JAVA_HOME to it." >&2
    return 1
  fi
  echo "$best"
}
