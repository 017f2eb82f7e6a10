#!/bin/sh
# protocol-doc-check.sh: fails if docs/PROTOCOL.md does not mention every
# message, enum, enum value and field of proto/rapor.proto, and every
# problem code the server can send (common/problem.h), so that a protocol
# change without its documentation fails CI.
#
# Messages and enums must appear as whole words; enum values, field names
# and problem codes must appear in backticks (`seq`), because many of them
# (name, code, seq) are ordinary words that prose would match by accident.
#
# Usage: tests/protocol-doc-check.sh [PROTO [PROBLEM_H [DOC]]]
# (defaults: the files of the source tree this script sits in).
set -u

here=$(dirname "$0")
root=$(cd "$here/.." && pwd)
proto=${1:-$root/proto/rapor.proto}
problems=${2:-$root/common/problem.h}
doc=${3:-$root/docs/PROTOCOL.md}

for f in "$proto" "$problems" "$doc"; do
    if [ ! -r "$f" ]; then
        echo "protocol-doc-check: cannot read $f" >&2
        exit 2
    fi
done

# One "kind name" line per identifier of the .proto.
names=$(awk '
    { sub(/\/\/.*/, "") }
    /^[ \t]*message[ \t]+[A-Za-z_][A-Za-z0-9_]*/ {
        n = $0; sub(/^[ \t]*message[ \t]+/, "", n); sub(/[^A-Za-z0-9_].*/, "", n)
        print "message " n; depth++; next
    }
    /^[ \t]*enum[ \t]+[A-Za-z_][A-Za-z0-9_]*/ {
        n = $0; sub(/^[ \t]*enum[ \t]+/, "", n); sub(/[^A-Za-z0-9_].*/, "", n)
        print "enum " n; depth++; in_enum = depth; next
    }
    /^[ \t]*oneof[ \t]+[A-Za-z_][A-Za-z0-9_]*/ {
        n = $0; sub(/^[ \t]*oneof[ \t]+/, "", n); sub(/[^A-Za-z0-9_].*/, "", n)
        print "field " n; depth++; next
    }
    in_enum && /^[ \t]*[A-Z_][A-Z0-9_]*[ \t]*=[ \t]*-?[0-9]+/ {
        n = $0; sub(/^[ \t]*/, "", n); sub(/[ \t=].*/, "", n)
        print "value " n
    }
    !in_enum && /^[ \t]*(repeated[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*[0-9]+/ {
        n = $0; sub(/^[ \t]*(repeated[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]+/, "", n)
        sub(/[ \t=].*/, "", n)
        print "field " n
    }
    /}/ { if (in_enum == depth) in_enum = 0; depth-- }
' "$proto" | sort -u)

codes=$(sed -n 's/^[ \t]*#define[ \t][ \t]*PROBLEM_[A-Z_]*[ \t][ \t]*"\([a-z_]*\)".*/\1/p' \
        "$problems" | sort -u)

if [ -z "$names" ] || [ -z "$codes" ]; then
    echo "protocol-doc-check: found no names in $proto or no codes in $problems" >&2
    exit 2
fi

missing=0
report () {
    echo "docs/PROTOCOL.md does not mention $1 $2 (from $3)" >&2
    missing=$((missing + 1))
}

# Read from a here-document, not a pipe, so that `missing` survives the loop.
while read -r kind name; do
    case $kind in
        message|enum)
            grep -qw -- "$name" "$doc" || report "$kind" "$name" "$proto" ;;
        *)
            grep -qF -- "\`$name\`" "$doc" || report "$kind" "\`$name\`" "$proto" ;;
    esac
done <<EOF
$names
EOF

for code in $codes; do
    grep -qF -- "\`$code\`" "$doc" || report "problem code" "\`$code\`" "$problems"
done

total=$(( $(printf '%s\n' "$names" | wc -l) + $(printf '%s\n' "$codes" | wc -l) ))
if [ "$missing" -ne 0 ]; then
    echo "protocol-doc-check: $missing of $total names undocumented" >&2
    exit 1
fi
echo "protocol-doc-check: all $total names documented"
exit 0
