# Sourced by the scripts: selects a JDK 21 or newer (JAVA_HOME if it is one, else the newest under /usr/lib/jvm).
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  best=""
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      if [ -z "$best" ] || [ "$major" -gt "$(java_major "$best")" ]; then best=$candidate; fi
    fi
  done
  if [ -z "$best" ]; then
    echo "Jobber needs a JDK 21 or newer: set JAVA_HOME to one" >&2
    exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
