#!/usr/bin/env bash
# Paired throughput comparison of two builds of switchyard at concurrency 32, against the same
# nginx upstream in the same run: A, B, A, B, … so machine drift hits both alike.
# Usage: bench/compare.sh BUILD_A BUILD_B [ROUNDS]   (each BUILD has app/switchyard)
# Prints each round (throughput, and the gateway's own CPU time per request from /proc) and the
# medians; nothing is written.
set -euo pipefail
A="$(cd "${1:?usage: compare.sh BUILD_A BUILD_B [ROUNDS]}" && pwd)"
B="$(cd "${2:?usage: compare.sh BUILD_A BUILD_B [ROUNDS]}" && pwd)"
ROUNDS="${3:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${BENCH_SECONDS:-8}"
# Another request shape: BENCH_SCRIPT=bench/messages.lua BENCH_PATH=/v1/messages (translated).
SCRIPT="${BENCH_SCRIPT:-$ROOT/bench/post.lua}"
URLPATH="${BENCH_PATH:-/v1/chat/completions}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 did not open" >&2; return 1; }

UP=$(free_port); GA=$(free_port); GB=$(free_port)
mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$UP;
    location / { default_type application/json; return 200 '{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}'; }
  }
}
NGINX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" & PIDS+=($!)
config() { # port -> config.json
    cat <<JSON
{ "gateway": { "host": "127.0.0.1", "port": $1, "limits": { "max_connections": 20000 } },
  "providers": [ { "name": "bench", "kind": "openai", "base_url": "http://127.0.0.1:$UP/v1", "models": ["m"] } ] }
JSON
}
config "$GA" > "$WORK/a.json"; config "$GB" > "$WORK/b.json"
ulimit -n 65536 2>/dev/null || true
"$A/app/switchyard" serve --config "$WORK/a.json" --data-dir "$WORK/data-a" >"$WORK/a.log" 2>&1 & PA=$!; PIDS+=($PA)
"$B/app/switchyard" serve --config "$WORK/b.json" --data-dir "$WORK/data-b" >"$WORK/b.log" 2>&1 & PB=$!; PIDS+=($PB)
wait_port "$UP"; wait_port "$GA"; wait_port "$GB"
sleep 1

# CPU time (user + system, all threads) the gateway process has used, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
# One c32 run against port $1 (gateway pid $2): "req/s cpu-µs-per-request".
run() {
    local before after out
    before=$(ticks "$2")
    out=$(wrk -t2 -c32 -d"${DURATION}s" -s "$SCRIPT" "http://127.0.0.1:$1$URLPATH" 2>/dev/null)
    after=$(ticks "$2")
    echo "$out" | awk -v t="$((after - before))" -v hz="$HZ" '
        /requests in/ { n = $1 } /^Requests\/sec/ { r = $2 }
        END { printf "%.0f %.1f\n", r, (n > 0 ? 1e6 * t / hz / n : 0) }'
}
for port in "$GA" "$GB"; do
    wrk -t1 -c8 -d2s -s "$SCRIPT" "http://127.0.0.1:$port$URLPATH" >/dev/null 2>&1
done
: > "$WORK/a.txt"; : > "$WORK/b.txt"; : > "$WORK/ca.txt"; : > "$WORK/cb.txt"
for i in $(seq 1 "$ROUNDS"); do
    read -r ra ca < <(run "$GA" "$PA"); read -r rb cb < <(run "$GB" "$PB")
    echo "$ra" >> "$WORK/a.txt"; echo "$rb" >> "$WORK/b.txt"
    echo "$ca" >> "$WORK/ca.txt"; echo "$cb" >> "$WORK/cb.txt"
    echo "round $i: A $ra req/s ${ca} µs CPU/req, B $rb req/s ${cb} µs CPU/req, B/A $(awk -v a="$ra" -v b="$rb" 'BEGIN { printf "%.3f", b / a }')"
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
MA=$(median "$WORK/a.txt"); MB=$(median "$WORK/b.txt")
CA=$(median "$WORK/ca.txt"); CB=$(median "$WORK/cb.txt")
echo "median: A $MA req/s, B $MB req/s, B/A $(awk -v a="$MA" -v b="$MB" 'BEGIN { printf "%.3f", b / a }')"
echo "median gateway CPU per request: A $CA µs, B $CB µs, B/A $(awk -v a="$CA" -v b="$CB" 'BEGIN { printf "%.3f", b / a }')"
