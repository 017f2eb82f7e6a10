#!/bin/sh
# client.sh SUBMIT SERVER KEY SERVER_KEY OPD COUNT OUT: one OPD sending
# COUNT submissions one after another, each retried until it has a receipt
# (rapor-submit's Lazy Pirate, same submission id). Receipts go to OUT.
set -u
submit=$1 server=$2 key=$3 server_key=$4 opd=$5 count=$6 out=$7
i=0
while [ "$i" -lt "$count" ]; do
    "$submit" --server "$server" --key "$key" --server-key "$server_key" --opd "$opd" \
        --period 2024-Q2 --timeout 700 --retries 40 "inovasi=$((50 + i)).25" >>"$out.log" 2>&1 || exit 1
    i=$((i + 1))
done
grep -c '^Receipt: ' "$out.log" >/dev/null && grep '^Receipt: ' "$out.log" | cut -c10- >"$out"
