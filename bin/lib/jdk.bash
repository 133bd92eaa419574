# shellcheck shell=bash
# Finds a JDK whose `java -version` is at least TRIBUTARY_MIN_JAVA (25). Sourced by bin/tributary and .ci/run.
#
#   tributary_find_jdk      sets TRIBUTARY_JAVA (the java binary) and TRIBUTARY_JAVA_HOME; returns 1 if none found
#   tributary_no_jdk_error  prints what was looked at and what to install, to stderr
#
# Order: $JAVA_HOME, /usr/lib/jvm/temurin-25*, /usr/lib/jvm/*25*, `java` on PATH, then (macOS) /usr/libexec/java_home.
# A candidate that is too old is skipped, not fatal; the error lists every candidate and its version.

TRIBUTARY_MIN_JAVA=${TRIBUTARY_MIN_JAVA:-25}
_tributary_jdk_seen=()
_tributary_jdk_tried=

# Major version of a java binary ("25.0.1" -> 25, "1.8.0_412" -> 8), or nothing when it cannot run.
tributary_java_major() {
    local out version
    out=$("$1" -version 2>&1) || return 1
    version=$(printf '%s\n' "$out" | sed -n 's/^[^"]*version "\([^"]*\)".*/\1/p' | head -n 1)
    [[ -n $version ]] || return 1
    [[ $version == 1.* ]] && version=${version#1.}
    version=${version%%[!0-9]*}
    [[ -n $version ]] || return 1
    printf '%s\n' "$version"
}

# Checks one candidate JDK home; on success sets TRIBUTARY_JAVA and TRIBUTARY_JAVA_HOME.
_tributary_try_home() {
    local home=${1%/} java major
    java="$home/bin/java"
    [[ -x $java ]] || return 1
    case " $_tributary_jdk_tried " in *" $home "*) return 1 ;; esac
    _tributary_jdk_tried+=" $home"
    major=$(tributary_java_major "$java") || { _tributary_jdk_seen+=("$home (does not run)"); return 1; }
    if ((major >= TRIBUTARY_MIN_JAVA)); then
        TRIBUTARY_JAVA=$java
        TRIBUTARY_JAVA_HOME=$home
        return 0
    fi
    _tributary_jdk_seen+=("$home (java $major)")
    return 1
}

tributary_find_jdk() {
    local candidate java_on_path
    _tributary_jdk_seen=()
    _tributary_jdk_tried=
    TRIBUTARY_JAVA=
    TRIBUTARY_JAVA_HOME=
    if [[ -n ${JAVA_HOME:-} ]]; then
        _tributary_try_home "$JAVA_HOME" && return 0
    fi
    local nullglob_was_set=0
    shopt -q nullglob && nullglob_was_set=1
    shopt -s nullglob
    local candidates=(/usr/lib/jvm/temurin-25*/ /usr/lib/jvm/*25*/)
    ((nullglob_was_set)) || shopt -u nullglob
    for candidate in "${candidates[@]}"; do
        _tributary_try_home "$candidate" && return 0
    done
    if java_on_path=$(command -v java 2>/dev/null); then
        # Resolve /usr/bin/java -> /etc/alternatives/java -> <home>/bin/java to report a real JAVA_HOME.
        java_on_path=$(readlink -f "$java_on_path" 2>/dev/null || printf '%s' "$java_on_path")
        _tributary_try_home "$(dirname "$(dirname "$java_on_path")")" && return 0
    fi
    if [[ -x /usr/libexec/java_home ]] && candidate=$(/usr/libexec/java_home -v "$TRIBUTARY_MIN_JAVA+" 2>/dev/null); then
        _tributary_try_home "$candidate" && return 0
    fi
    return 1
}

tributary_no_jdk_error() {
    local prog=${1:-tributary} seen
    {
        echo "$prog: needs a JDK $TRIBUTARY_MIN_JAVA or newer (Vector API, FFM), and none was found."
        if ((${#_tributary_jdk_seen[@]})); then
            echo "  looked at:"
            for seen in "${_tributary_jdk_seen[@]}"; do echo "    $seen"; done
        else
            echo "  looked at: \$JAVA_HOME, /usr/lib/jvm/temurin-25*, /usr/lib/jvm/*25*, java on PATH — none present"
        fi
        echo "  Install Eclipse Temurin $TRIBUTARY_MIN_JAVA (https://adoptium.net/; on Debian/Ubuntu the package"
        echo "  temurin-$TRIBUTARY_MIN_JAVA-jdk from https://packages.adoptium.net/artifactory/deb), or any OpenJDK $TRIBUTARY_MIN_JAVA+,"
        echo "  then set JAVA_HOME to it, e.g. export JAVA_HOME=/usr/lib/jvm/temurin-$TRIBUTARY_MIN_JAVA-jdk-amd64"
    } >&2
}
