#!/bin/sh
# inside.sh: run by install-test.sh INSIDE the fresh Debian 12 root, as
# root, from /tmp/rapor-test with the two .debs beside it. Uses only what
# the packages installed: no file of the source tree. Every step is
# checked; the first failure ends the test (sh -eu).
set -eu
t=/tmp/rapor-test
fail() { echo "inside: FAILED: $*" >&2; exit 1; }
step() { echo "inside: $*"; }
# Waits up to 30 s for a condition, checking every 0.1 s (a deadline, not
# a sleep that decides the result).
wait_for() {
    what=$1; shift
    i=0
    until "$@"; do
        i=$((i + 1))
        [ $i -le 300 ] || fail "timed out waiting for $what"
        sleep 0.1
    done
}

step "installing the packages"
dpkg -i "$t"/rapor-server_*.deb "$t"/rapor-client_*.deb
for f in /usr/sbin/rapord /usr/bin/rapor-migrate /usr/bin/rapor-init /usr/bin/rapor-key-add \
         /usr/bin/rapor-submit /usr/bin/rapor-admin /usr/bin/rapor-watch /usr/bin/rapor-card \
         /usr/bin/rapor-web /lib/systemd/system/rapord.service /etc/rapor/rapord.conf \
         /etc/rapor/rapor-card.conf /usr/share/rapor/demo/banyuwangi-opd.csv \
         /usr/share/man/man8/rapord.8.gz /usr/share/man/man1/rapor-admin.1.gz \
         /usr/share/doc/rapor-server/copyright; do
    [ -e "$f" ] || fail "$f is not installed"
done
ls /usr/share/rapor/sql/001_*.sql >/dev/null || fail "no migrations in /usr/share/rapor/sql"
# What the postinst must have done.
getent passwd rapor >/dev/null || fail "the postinst did not create the rapor user"
[ "$(getent passwd rapor | cut -d: -f7)" = /usr/sbin/nologin ] || fail "rapor has a login shell"
dpkg-query -W -f='${Conffiles}\n' rapor-server | grep -q ' /etc/rapor/rapord.conf ' ||
    fail "/etc/rapor/rapord.conf is not a conffile"
[ "$(stat -c '%U:%G %a' /etc/rapor/rapord.conf)" = "root:rapor 640" ] ||
    fail "rapord.conf is $(stat -c '%U:%G %a' /etc/rapor/rapord.conf), not root:rapor 640"
rapord --help | grep -q ' /etc/rapor/rapord.conf is read' ||
    fail "rapord does not read /etc/rapor/rapord.conf by default"

step "PostgreSQL: the Debian cluster, on its unix socket only"
cluster=$(ls /etc/postgresql)/main
[ -f "/etc/postgresql/$cluster/pg_hba.conf" ] || fail "no PostgreSQL cluster $cluster"
install -d -o postgres -g postgres -m 2775 /var/run/postgresql
# docs/OPERATIONS.md section 1: the map that lets the OS user rapor in as
# the role rapor_app, above Debian's default peer line.
hba=/etc/postgresql/$cluster/pg_hba.conf
{ echo "local   rapor   rapor_app   peer map=rapor"; cat "$hba"; } > "$hba.new"
mv "$hba.new" "$hba"
chown postgres:postgres "$hba"
echo "rapor      rapor            rapor_app" >> "/etc/postgresql/$cluster/pg_ident.conf"
# No TCP: the host's PostgreSQL or other tests may own port 5432.
pg_ctlcluster ${cluster%/*} main start -- -o "-c listen_addresses=''" ||
    fail "PostgreSQL did not start"

step "the database: createdb, rapor-migrate as its owner"
runuser -u postgres -- createdb rapor
runuser -u postgres -- env RAPOR_DATABASE="dbname=rapor" rapor-migrate /usr/share/rapor/sql > "$t/migrate.out"
cat "$t/migrate.out"
grep -q "rapor-migrate: schema is at version" "$t/migrate.out" || fail "rapor-migrate said nothing"
[ "$(runuser -u rapor -- psql "host=/var/run/postgresql dbname=rapor user=rapor_app" -XAt -c 'SELECT 1')" = 1 ] ||
    fail "the rapor user cannot reach the database as rapor_app"

step "keys: the server's, and the inspectorate's first key by rapor-init"
keys=$t/keys
install -d -m 0755 "$keys"
rapor-admin keygen /etc/rapor/server.key rapord > "$t/keygen.out"
cat "$t/keygen.out"
grep -Eq '[0-9A-F]{4}(-[0-9A-F]{4}){4}' "$t/keygen.out" || fail "keygen printed no fingerprint"
chown root:rapor /etc/rapor/server.key_secret
chmod 0640 /etc/rapor/server.key_secret
rapor-admin keygen "$keys/inspektorat.key" "inspektur" >/dev/null
# The demo list names the inspectorate "Inspektorat": the same name here, so
# importing the list afterwards finds it registered as it is.
runuser -u postgres -- env RAPOR_DATABASE="dbname=rapor" \
    rapor-init "$keys/inspektorat.key" INSPEKTORAT "Inspektorat" "inspektur"
if runuser -u postgres -- env RAPOR_DATABASE="dbname=rapor" \
       rapor-init "$keys/inspektorat.key" INSPEKTORAT "Inspektorat" 2>/dev/null; then
    fail "a second rapor-init was not refused"
fi

step "rapord: the unit's ExecStart line, as the rapor user"
execstart=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/rapord.service)
[ -n "$execstart" ] || fail "no ExecStart in rapord.service"
user=$(sed -n 's/^User=//p' /lib/systemd/system/rapord.service)
[ "$user" = rapor ] || fail "the unit runs as '$user', not rapor"
# The ports of the installed config are fixed (7700, 7701); this machine is
# shared with other tests, so the same line gets ephemeral loopback ports
# appended (a flag wins over the file). Everything else is the file's.
# shellcheck disable=SC2086
setpriv --reuid=rapor --regid=rapor --init-groups -- $execstart \
    --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
    --endpoint-file /tmp/rapord.endpoints > "$t/rapord.log" 2>&1 &
rapord_pid=$!
echo "$rapord_pid" > "$t/rapord.pid"
started() {
    kill -0 "$rapord_pid" 2>/dev/null || { cat "$t/rapord.log" >&2; fail "rapord exited"; }
    [ -s /tmp/rapord.endpoints ] && [ "$(wc -l < /tmp/rapord.endpoints)" -ge 2 ]
}
wait_for "rapord to bind its sockets" started
[ "$(stat -c %U "/proc/$rapord_pid")" = rapor ] || fail "rapord does not run as rapor"
grep -q "fingerprint" "$t/rapord.log" || fail "rapord did not log the server key's fingerprint"
RAPOR_SERVER=$(sed -n 1p /tmp/rapord.endpoints)
RAPOR_SERVER_KEY=/etc/rapor/server.key
export RAPOR_SERVER RAPOR_SERVER_KEY
insp="--key $keys/inspektorat.key_secret"

step "the OPD list: rapor-admin opd import of the installed example"
rapor-admin $insp opd import /usr/share/rapor/demo/banyuwangi-opd.csv > "$t/import.out"
cat "$t/import.out"
opds=$(grep -vc '^\(#\|code,\|$\)' /usr/share/rapor/demo/banyuwangi-opd.csv)
n=$(runuser -u postgres -- psql -XAt -d rapor -c "SELECT count(*) FROM opds WHERE active")
[ "$n" = "$opds" ] || fail "$n active OPDs after the import, the file has $opds"

step "a quarter: keys, open, assessors, submissions"
period=$(date +%Y)-Q$(( ($(date +%-m) - 1) / 3 + 1 ))
rapor-admin keygen "$keys/dinkes.key" DINKES >/dev/null
rapor-admin $insp key add "$keys/dinkes.key" DINKES opd
rapor-admin keygen "$keys/insp-assessor.key" "assessor" >/dev/null
rapor-admin $insp key add "$keys/insp-assessor.key" INSPEKTORAT assessor
rapor-admin $insp open "$period"
for c in pengawasan perencanaan pelaporan anggaran inovasi pengadaan; do
    rapor-admin $insp assessor "$period" "$c" INSPEKTORAT
done
rapor-submit --key "$keys/dinkes.key_secret" --opd DINKES --period "$period" \
    pengawasan=87,50 perencanaan=90 pelaporan=80 anggaran=85 inovasi=88.25 pengadaan=70 > "$t/submit.out"
cat "$t/submit.out"
grep -q "^Accepted" "$t/submit.out" || fail "the self-assessment was not accepted"
# The verified scores of every OPD, one sheet: opd,komponen,nilai.
{
    echo "opd,komponen,nilai"
    grep -v '^\(#\|code,\|$\)' /usr/share/rapor/demo/banyuwangi-opd.csv | cut -d, -f1 |
    awk '{ for (c = 1; c <= 6; c++) {
               split("pengawasan perencanaan pelaporan anggaran inovasi pengadaan", k, " ")
               printf "%s,%s,%d.%02d\n", $1, k[c], 60 + (NR * 7 + c * 3) % 40, (NR * c) % 100 } }'
} > "$t/sheet.csv"
rapor-submit --key "$keys/insp-assessor.key_secret" --verified --period "$period" \
    --csv "$t/sheet.csv" > "$t/sheet.out" || { cat "$t/sheet.out"; fail "the verified sheet was refused"; }

step "close, finalize, verify"
rapor-admin $insp close "$period"
rapor-admin $insp missing "$period"
rapor-admin $insp finalize "$period" > "$t/finalize.out"
cat "$t/finalize.out"
rapor-admin $insp verify "$period" > "$t/verify.out"
cat "$t/verify.out"
rapor-admin $insp export "$period" "$t/ranking.csv"
[ "$(grep -c . "$t/ranking.csv")" -gt "$opds" ] || fail "the exported ranking has too few lines"
rapor-admin $insp status

step "stopping rapord (SIGTERM, as systemd would)"
kill -TERM "$rapord_pid"
wait "$rapord_pid" || fail "rapord did not exit 0 on SIGTERM"

step "purge: both packages"
dpkg --purge rapor-client rapor-server
[ ! -e /usr/sbin/rapord ] || fail "rapord is still installed"
[ ! -e /etc/rapor/rapord.conf ] || fail "purge left the conffile rapord.conf"
! dpkg-statoverride --list /etc/rapor/rapord.conf >/dev/null || fail "purge left the statoverride"
getent passwd rapor >/dev/null || fail "purge removed the rapor user"
[ -f /etc/rapor/server.key_secret ] && [ -f /etc/rapor/server.key ] || fail "purge removed the server's key"
finalized=$(runuser -u postgres -- psql -XAt -d rapor -c "SELECT count(*) FROM rankings")
[ "$finalized" -ge 1 ] || fail "the finalized ranking is gone after purge"
step "purge left: the rapor user, /etc/rapor/server.key{,_secret}, the database rapor with $finalized finalized ranking(s)"
pg_ctlcluster ${cluster%/*} main stop
step "all passed"
