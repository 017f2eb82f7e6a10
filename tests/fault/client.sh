#!/bin/sh
# client.sh SUBMIT SERVER KEY SERVER_KEY OPD COUNT OUT STOP: one OPD sending
# submissions one after another, each retried until it has a receipt
# (rapor-submit's Lazy Pirate, same submission id). It sends at least COUNT
# and goes on until the file STOP exists, so the load is still running
# whenever the test injects its fault; it gives up after 150 s whatever
# happens, so a broken test cannot leave it running. Receipts go to OUT.
set -u
submit=$1 server=$2 key=$3 server_key=$4 opd=$5 count=$6 out=$7 stop=$8
i=0
deadline=$(($(date +%s) + 150))
while [ "$i" -lt "$count" ] || [ ! -e "$stop" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || exit 2
    "$submit" --server "$server" --key "$key" --server-key "$server_key" --opd "$opd" \
        --period 2024-Q2 --timeout 700 --retries 40 "inovasi=$((50 + i % 50)).25" \
        >>"$out.log" 2>&1 || exit 1
    i=$((i + 1))
done
grep -c '^Receipt: ' "$out.log" >/dev/null && grep '^Receipt: ' "$out.log" | cut -c10- >"$out"
