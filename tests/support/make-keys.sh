#!/bin/sh
# make-keys.sh RAPOR_ADMIN DIR: the test key set, made once per test run.
#   DIR/server, DIR/server_secret             rapord's key pair
#   DIR/CODE.opd, DIR/CODE.assessor (+_secret) for every demo OPD
#   DIR/INSPEKTORAT.inspectorate, DIR/DISKOMINFO.dashboard
#   DIR/stranger                               a key nobody registered
#   DIR/keys.sql                               registers all but stranger
set -eu
admin=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$dir"
codes=$(sed -n "s/^    ('\([A-Z0-9_]*\)', *'.*', *'[a-z_]*')[,;]\{0,1\}$/\1/p" "$root/deploy/banyuwangi-opd.sql")
gen() { "$admin" keygen "$dir/$1" >/dev/null; }
gen server
gen stranger
: > "$dir/keys.sql"
register() {    # file code role
    key=$(sed -n 's/^ *public-key = "\(.*\)" *$/\1/p' "$dir/$1" | head -n 1)
    # Z85 has no quote or backslash, so plain quoting is safe for keys.
    printf "INSERT INTO client_keys (public_key, opd_id, role) SELECT '%s', id, '%s' FROM opds WHERE code = '%s';\n" \
        "$key" "$3" "$2" >> "$dir/keys.sql"
}
for code in $codes; do
    gen "$code.opd"
    gen "$code.assessor"
    register "$code.opd" "$code" opd
    register "$code.assessor" "$code" assessor
done
gen INSPEKTORAT.inspectorate
register INSPEKTORAT.inspectorate INSPEKTORAT inspectorate
gen DISKOMINFO.dashboard
register DISKOMINFO.dashboard DISKOMINFO dashboard
