#!/usr/bin/env bash
# Builds the OCI image's own files, which Jib adds on top of an empty base ("scratch"; no
# registry is reachable where Duet is built, docs/decisions/0015-image-from-scratch.md):
#   /opt/java   a Java runtime linked by jlink with only the modules Duet uses
#   /lib*, /usr/lib/locale/C.utf8   the glibc files that runtime needs, copied from this machine
#   /etc/passwd, /etc/group, /etc/nsswitch.conf, /etc/hosts   the user duet (65532) and name lookup
#   /tmp, /var/lib/duet   writable folders (modes set by Jib: pom.xml, jib-maven-plugin)
# Usage: build-rootfs.sh JAVA_HOME OUTPUT_DIR
# The runtime is linked again only when the JDK or the module list changes (it takes ~10 s).
set -euo pipefail
jdk="$1"
out="$2"

# Found with jdeps --print-module-deps on target/duet.jar and target/lib, plus what is loaded by
# name at run time: java.naming (JNDI, logback), jdk.crypto.ec, jdk.zipfs, jdk.charsets.
modules=java.base,java.desktop,java.instrument,java.management,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs,jdk.charsets
# Native parts for a screen or a sound card, which a headless server never loads (they need X11).
exclude='**/libawt_xawt.so,**/libjsound.so,**/libsplashscreen.so'

# The image is linux/amd64 with glibc: so must be this machine, whose C library it carries.
if [ "$(uname -m)" != x86_64 ] || [ ! -e /lib64/ld-linux-x86-64.so.2 ] || ! command -v ldd >/dev/null; then
  echo "The image can only be built on x86-64 Linux with glibc (it copies this machine's C library);" \
    "build the jar alone with -Dimage.skip=true." >&2
  exit 1
fi

stamp="$out.stamp"
want="$(cat "$jdk/release" 2>/dev/null | grep JAVA_RUNTIME_VERSION || true) $modules $exclude"
if [ -d "$out/opt/java" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "Image root files are up to date in $out"
  exit 0
fi

rm -rf "$out" "$stamp"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/var/lib/duet"
"$jdk/bin/jlink" --add-modules "$modules" --exclude-files="$exclude" \
  --strip-debug --no-man-pages --no-header-files --output "$out/opt/java"

# The shared libraries of every native file of the runtime, and of the SQLite driver (which it
# extracts to /tmp at run time: libm, libpthread, libc), with the dynamic loader.
libs="$(
  {
    find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) -print0 \
      | xargs -0 ldd 2>/dev/null || true
    echo "libm.so.6 => $(ldconfig -p | awk '/libm\.so\.6 .*x86-64/ {print $NF; exit}')"
    echo "libpthread.so.0 => $(ldconfig -p | awk '/libpthread\.so\.0 .*x86-64/ {print $NF; exit}')"
  } | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u
)"
# glibc loads this one itself when a thread is cancelled (it unwinds the stack with it).
gcc_s="$(ldconfig -p | awk '/libgcc_s\.so\.1 .*x86-64/ {print $NF; exit}')"
for lib in $libs $gcc_s; do
  case "$lib" in "$out"/*) continue ;; esac     # the runtime's own libraries
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"                       # a copy, not a link: the image has no other files
done
# The loader's usual path when the library directory is elsewhere (e.g. /lib64 -> /lib).
if [ ! -f "$out/lib64/ld-linux-x86-64.so.2" ]; then
  mkdir -p "$out/lib64"
  cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"
fi
# Without a UTF-8 locale Java would read and write file names as ASCII (LANG=C.UTF-8 in pom.xml).
if [ -d /usr/lib/locale/C.utf8 ]; then
  mkdir -p "$out/usr/lib/locale"
  cp -r /usr/lib/locale/C.utf8 "$out/usr/lib/locale/"
fi

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
duet:x:65532:65532:Duet:/var/lib/duet:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
duet:x:65532:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' > "$out/etc/hosts"

echo "$want" > "$stamp"
echo "Image root files in $out ($(du -sh "$out" | cut -f1))"
