#!/usr/bin/env bash
# keyway-cli side by side with the Node-based tools, in one run against one keyway-sandbox:
#  1. the same 200-request collection (exported to each tool's format) run by keyway-cli run,
#     newman, the Bruno CLI and httpyac: wall time and peak memory (GNU time);
#  2. the refresh storm, 100 and 1000 concurrent requests on an expired token with rotation and
#     reuse detection on: keyway-cli send vs axios + axios-auth-refresh vs the seed pattern
#     (retry once on 403): refreshes the server saw, requests lost, wall time, peak memory.
# The Node tools are installed from npm into build/bench-peers (never globally). Prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${KEYWAY_BUILD_DIR:-build/dev}
[[ -d $build ]] || { scripts/setup.sh; }
scripts/build.sh "$(basename "$build")" keyway-cli keyway-sandbox >/dev/null
bin=$root/$build/bin
work=$root/build/bench-peers
mkdir -p "$work"
requests=${PEER_REQUESTS:-200}

if [[ ! -x $work/node_modules/.bin/newman || ! -x $work/node_modules/.bin/bru \
      || ! -x $work/node_modules/.bin/httpyac || ! -d $work/node_modules/axios-auth-refresh ]]; then
  echo "== installing newman, @usebruno/cli, httpyac, axios, axios-auth-refresh into $work" >&2
  npm install --prefix "$work" --no-audit --no-fund --no-save --loglevel=error \
    newman@6 @usebruno/cli@1 httpyac@6 axios@1 axios-auth-refresh@3 >"$work/npm.log" 2>&1 \
    || { echo "npm install failed, see $work/npm.log" >&2; exit 1; }
fi

port=$(( 20000 + RANDOM % 20000 ))
"$bin/keyway-sandbox" --port "$port" >"$work/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -fs "$base/admin/counters" >/dev/null 2>&1 && break; sleep 0.1; done
client_id=keyway-demo client_secret=demo-secret user=demo password=demo-password
token_json=$(curl -fs -u "$client_id:$client_secret" -d grant_type=password -d "username=$user" \
  -d "password=$password" "$base/oauth/token")
token=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$token_json")
# Successful refreshes / refresh_token requests / reuse detections, as the sandbox counted them.
refreshes() {
  local c
  c=$(curl -fs "$base/admin/counters")
  echo "$(sed -E 's/.*"refreshes":([0-9]+).*/\1/' <<<"$c") / $(sed -E 's/.*"refreshGrants":([0-9]+).*/\1/' <<<"$c") / $(sed -E 's/.*"reuseDetections":([0-9]+).*/\1/' <<<"$c")"
}

# The collection: $requests GET /api/items, each asserting the status and a value.
ws=$work/ws
rm -rf "$ws" && mkdir -p "$ws/Load"
cat >"$ws/workspace.json" <<JSON
{"format": 1, "name": "peers", "auth": {"mode": "bearer", "token": "{{token}}"},
 "variables": [{"name": "baseUrl", "value": "$base"}, {"name": "token", "secret": true}]}
JSON
bru=$work/bru && rm -rf "$bru" && mkdir -p "$bru/environments"
echo '{"version": "1", "name": "peers", "type": "collection"}' >"$bru/bruno.json"
printf 'vars {\n  baseUrl: %s\n  token: %s\n}\n' "$base" "$token" >"$bru/environments/bench.bru"
for i in $(seq -w 1 "$requests"); do
  cat >"$ws/Load/r$i.request.json" <<JSON
{"name": "r$i", "method": "GET", "url": "{{baseUrl}}/api/items",
 "assert": [{"status": 200}, {"jsonPath": "\$.items[0].id", "equals": 1}]}
JSON
  cat >"$bru/r$i.bru" <<BRU
meta {
  name: r$i
  type: http
  seq: $((10#$i))
}

get {
  url: {{baseUrl}}/api/items
  body: none
  auth: bearer
}

auth:bearer {
  token: {{token}}
}

assert {
  res.status: eq 200
  res.body.items[0].id: eq 1
}
BRU
done
"$bin/keyway-cli" export "$ws/Load" --format postman -o "$work/load.postman_collection.json" 2>/dev/null
"$bin/keyway-cli" export "$ws/Load" --format http -o "$work/load.http" 2>/dev/null

# measure NAME COMMAND...: wall seconds and peak RSS (KiB) of the command and its children.
rows=()
measure() {
  local name=$1; shift
  local out=$work/time.txt
  local log=$work/${name//[^a-z]/_}.log
  if /usr/bin/time -f '%e %M' -o "$out" "$@" >"$log" 2>&1; then status=ok; else status="exit $?"; fi
  read -r wall rss < <(tail -n 1 "$out")
  rows+=("| $name | $requests | $status | $(awk "BEGIN{printf \"%d\", $wall*1000}") | $(( rss / 1024 )) |")
}
echo "== $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%d), sandbox on $base" >&2
export KEYWAY_SECRET_TOKEN=$token
measure "keyway-cli run" "$bin/keyway-cli" run "$ws" --concurrency 1 --reporter json --report-dir "$work/keyway"
measure "newman" "$work/node_modules/.bin/newman" run "$work/load.postman_collection.json" \
  --env-var "token=$token" --reporters json --reporter-json-export "$work/newman.json"
measure "bru (@usebruno/cli)" bash -c "cd '$bru' && '$work/node_modules/.bin/bru' run --env bench"
# httpyac only reads files below its working directory.
measure "httpyac" bash -c "cd '$work' && node_modules/.bin/httpyac send load.http --all --var 'token=$token'"
echo
echo "Run of one $requests-request collection, one at a time (the tools' default):"
echo "| tool | requests | result | wall ms | peak RSS MiB |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"

storm_rows=()
storm() { # CLIENT N COMMAND...: the command prints a JSON line with "ok": the requests answered 200
  local name=$1 count=$2; shift 2
  curl -fs -X POST "$base/admin/counters/reset" >/dev/null
  local out=$work/time.txt
  /usr/bin/time -f '%e %M' -o "$out" "$@" >"$work/storm.log" 2>&1 || true
  read -r wall rss < <(tail -n 1 "$out")
  local ok lost
  ok=$(sed -nE 's/.*"ok":([0-9]+).*/\1/p' "$work/storm.log" | tail -1)
  ok=${ok:-0}; lost=$(( count - ok ))
  storm_rows+=("| $name | $count | $(refreshes) | $lost | $(awk "BEGIN{printf \"%d\", $wall*1000}") | $(( rss / 1024 )) |")
}
keyway_storm() { # N: sign in, expire the token, then N requests at once
  local tokens=$work/tokens.json
  curl -fs -u "$client_id:$client_secret" -d grant_type=password -d "username=$user" \
    -d "password=$password" "$base/oauth/token" >"$tokens"
  curl -fs -X POST "$base/admin/expire" >/dev/null
  "$bin/keyway-cli" send GET "$base/api/items" --tokens "$tokens" --token-url "$base/oauth/token" \
    --client-id "$client_id" --count "$1" --concurrency "$1" --json
}
export -f keyway_storm
export NODE_PATH=$work/node_modules # storm.js lives in the source tree, its modules here
export bin base client_id client_secret user password work
for n in 100 1000; do
  curl -fs -X POST "$base/admin/config?expired_status=401" >/dev/null
  KEYWAY_CLIENT_SECRET=$client_secret storm "keyway-cli send" "$n" bash -c "keyway_storm $n"
  storm "axios + axios-auth-refresh" "$n" node "$root/tests/bench/peers/storm.js" axios-auth-refresh \
    "$n" "$base" "$client_id" "$client_secret" "$user" "$password"
  curl -fs -X POST "$base/admin/config?expired_status=403" >/dev/null
  storm "seed (retry once on 403)" "$n" node "$root/tests/bench/peers/storm.js" seed \
    "$n" "$base" "$client_id" "$client_secret" "$user" "$password"
done
echo
echo "Refresh storm on an expired token (rotation and reuse detection on):"
echo "| client | concurrent requests | refreshes / refresh requests / reuse detected (server) | requests lost | wall ms | peak RSS MiB |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${storm_rows[@]}"
