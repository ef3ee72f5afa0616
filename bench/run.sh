#!/usr/bin/env bash
# Gateway benchmarks: switchyard vs nginx as a reverse proxy over the same loopback upstream.
# Usage: bench/run.sh BUILD_DIR   (./dev bench calls it with build/release)
set -euo pipefail
BUILD="$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/docs/PERFORMANCE.md"
DURATION="${BENCH_SECONDS:-10}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 did not open" >&2; return 1; }

UP=$(free_port); PROXY=$(free_port); GW=$(free_port); SUP=$(free_port); GWN=$(free_port)

# 1. nginx: a static upstream and a keep-alive reverse proxy in front of it.
mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$UP; keepalive 64; }
  server {
    listen 127.0.0.1:$UP;
    location / { default_type application/json; return 200 '{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}'; }
  }
  server {
    listen 127.0.0.1:$PROXY;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
  }
}
NGINX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" & PIDS+=($!)
"$BUILD/bench/bench_upstream" "$SUP" >/dev/null & PIDS+=($!)

# 2. Switchyard in front of the same upstream (and of the streaming upstream).
cat > "$WORK/config.json" <<JSON
{ "gateway": { "host": "127.0.0.1", "port": $GW, "limits": { "max_connections": 20000 } },
  "providers": [
    { "name": "bench", "kind": "openai", "base_url": "http://127.0.0.1:$UP/v1", "models": ["m"] },
    { "name": "stream", "kind": "openai", "base_url": "http://127.0.0.1:$SUP/v1", "models": ["m"] } ] }
JSON
ulimit -n 65536 2>/dev/null || true
"$BUILD/app/switchyard" serve --config "$WORK/config.json" --data-dir "$WORK/data" >"$WORK/gateway.log" 2>&1 & GWPID=$!; PIDS+=($GWPID)
# The same gateway with the request log off, to price the log.
sed -e "s/\"port\": $GW,/\"port\": $GWN, \"log\": { \"enabled\": false },/" "$WORK/config.json" > "$WORK/config-nolog.json"
"$BUILD/app/switchyard" serve --config "$WORK/config-nolog.json" --data-dir "$WORK/data-nolog" >"$WORK/gateway-nolog.log" 2>&1 & PIDS+=($!)
wait_port "$UP"; wait_port "$PROXY"; wait_port "$GW"; wait_port "$SUP"; wait_port "$GWN"
sleep 1
IDLE_RSS=$(rss_mb "$GWPID")

wrk_run() { # conns threads url -> "req/s p50_ms p99_ms"
    wrk -t"$2" -c"$1" -d"${DURATION}s" --latency -s "$ROOT/bench/post.lua" "$3" 2>/dev/null | awk '
        function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
        END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}
echo "warming up…" >&2
wrk -t1 -c8 -d2s -s "$ROOT/bench/post.lua" "http://127.0.0.1:$GW/v1/chat/completions" >/dev/null 2>&1
wrk -t1 -c8 -d2s -s "$ROOT/bench/post.lua" "http://127.0.0.1:$PROXY/v1/chat/completions" >/dev/null 2>&1

echo "concurrency 1…" >&2
read -r D1 D1P50 D1P99 < <(wrk_run 1 1 "http://127.0.0.1:$UP/v1/chat/completions")
read -r N1 N1P50 N1P99 < <(wrk_run 1 1 "http://127.0.0.1:$PROXY/v1/chat/completions")
read -r G1 G1P50 G1P99 < <(wrk_run 1 1 "http://127.0.0.1:$GW/v1/chat/completions")
echo "concurrency 32…" >&2
read -r D32 D32P50 D32P99 < <(wrk_run 32 2 "http://127.0.0.1:$UP/v1/chat/completions")
read -r N32 N32P50 N32P99 < <(wrk_run 32 2 "http://127.0.0.1:$PROXY/v1/chat/completions")
read -r G32 G32P50 G32P99 < <(wrk_run 32 2 "http://127.0.0.1:$GW/v1/chat/completions")
LOAD_RSS=$(rss_mb "$GWPID")
echo "request log on vs off, concurrency 32…" >&2
wrk -t1 -c8 -d2s -s "$ROOT/bench/post.lua" "http://127.0.0.1:$GWN/v1/chat/completions" >/dev/null 2>&1
read -r GN32 GN32P50 GN32P99 < <(wrk_run 32 2 "http://127.0.0.1:$GWN/v1/chat/completions")
read -r GL32 GL32P50 GL32P99 < <(wrk_run 32 2 "http://127.0.0.1:$GW/v1/chat/completions")
metric() { curl -s "http://127.0.0.1:$GW/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
LOG_QUEUE_PEAK=$(metric switchyard_log_queue_depth)
sleep 3
LOG_QUEUE_AFTER=$(metric switchyard_log_queue_depth)
LOG_ROWS=$(metric switchyard_log_rows_written_total)
LOG_DROPPED=$(metric switchyard_log_rows_dropped_total)
DB_BYTES=$(du -cb "$WORK/data"/switchyard.db* | awk 'END { print $1 }')
echo "store writer…" >&2
WRITER=$("$BUILD/bench/store_writer_bench" 200000 "$WORK/writer.db" 2>/dev/null | tail -1)
WRITER_RPS=$(echo "$WRITER" | sed -n 's/.*rows_per_s=\([0-9.]*\).*/\1/p')

echo "streaming time to first byte…" >&2
ttfb() { # url -> median seconds over 40 runs
    local body='{"model":"stream/m","stream":true,"bench_events":3,"bench_delay_ms":20,"messages":[{"role":"user","content":"hi"}]}'
    for _ in $(seq 1 40); do
        curl -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json' -d "$body" "$1"
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] * 1000 }'
}
TTFB_DIRECT=$(ttfb "http://127.0.0.1:$SUP/v1/chat/completions")
TTFB_GW=$(ttfb "http://127.0.0.1:$GW/v1/chat/completions")

echo "1,000 concurrent streams…" >&2
PEAK=0
"$BUILD/bench/stream_clients" "$GW" 1000 40 100 >"$WORK/streams.txt" 2>&1 & SC=$!
while kill -0 "$SC" 2>/dev/null; do r=$(rss_mb "$GWPID"); PEAK=$(awk -v a="$PEAK" -v b="$r" 'BEGIN{print (b>a)?b:a}'); sleep 0.2; done
wait "$SC" && STREAMS_OK=yes || STREAMS_OK=no
STREAMS=$(cat "$WORK/streams.txt")

calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
ADDED_GW=$(calc "$G1P50 - $D1P50"); ADDED_NGINX=$(calc "$N1P50 - $D1P50")
RATIO=$(awk -v g="$G32" -v n="$N32" 'BEGIN { printf "%.0f", (n > 0 ? 100 * g / n : 0) }')
TTFB_ADDED=$(calc "$TTFB_GW - $TTFB_DIRECT")
LOG_COST=$(awk -v on="$GL32" -v off="$GN32" 'BEGIN { printf "%.1f", (off > 0 ? 100 * (off - on) / off : 0) }')
BYTES_PER_ROW=$(awk -v b="$DB_BYTES" -v r="$LOG_ROWS" 'BEGIN { printf "%.0f", (r > 0 ? b / r : 0) }')
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? (v <= t) : (v >= t); print ok ? "met" : "**not met**" }'; }

# Hand-written history (before/after comparisons of past changes) survives a new run.
HISTORY=""
[ -f "$OUT" ] && HISTORY="$(sed -n '/^## History/,$p' "$OUT")"

cat > "$OUT" <<MD
# Performance

Measured by \`./dev bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),
$(. /etc/os-release && echo "$PRETTY_NAME"), Qt $(qtpaths6 --qt-version 2>/dev/null || echo 6), release build. wrk runs on the
same two cores as the gateway and the upstream, so absolute numbers are lower than on a real desktop;
the comparisons are what matter. The upstream is nginx answering a fixed 375-byte chat completion;
"nginx proxy" is nginx as a keep-alive reverse proxy to that same upstream. Request: a 297-byte chat
completion POST ($DURATION s per run, after a warm-up). The request log (SQLite, one row per request)
is on in every switchyard run except "log off".

## Targets

| target | goal | measured | |
|---|---|---|---|
| added latency, concurrency 1 (p50, gateway − direct) | ≤ 0.3 ms | $ADDED_GW ms (nginx proxy adds $ADDED_NGINX ms) | $(verdict "$ADDED_GW" 0.3 le) |
| throughput, concurrency 32, vs nginx proxy | ≥ 50 % | $RATIO % ($G32 vs $N32 req/s) | $(verdict "$RATIO" 50 ge) |
| streaming: added time to first byte (median of 40) | ≤ 1 ms | $TTFB_ADDED ms ($TTFB_GW vs $TTFB_DIRECT ms direct) | $(verdict "$TTFB_ADDED" 1 le) |
| idle RSS of \`switchyard serve\` | ≤ 40 MB | $IDLE_RSS MB | $(verdict "$IDLE_RSS" 40 le) |
| 1,000 concurrent open streams (40 events, 100 ms apart) | no errors, RSS ≤ 250 MB | $STREAMS; peak RSS $PEAK MB | $( [ "$STREAMS_OK" = yes ] && verdict "$PEAK" 250 le || echo "**not met**") |
| request log cost at concurrency 32 (log on vs off) | ≤ 10 % | $LOG_COST % ($GL32 vs $GN32 req/s) | $(verdict "$LOG_COST" 10 le) |
| request-log writer (200,000 rows, release build) | ≥ 10,000 rows/s | $WRITER_RPS rows/s | $(verdict "${WRITER_RPS:-0}" 10000 ge) |

The writer thread runs at nice 10: under full load it yields to the gateway and its bounded
queue (100,000 rows) absorbs the backlog — $LOG_QUEUE_PEAK rows were waiting right after the log-on
c32 run, $LOG_QUEUE_AFTER three seconds later. Sustained overload beyond the queue would be counted
as dropped rows, never as slower answers.
Request log: $LOG_ROWS rows written during the runs, $LOG_DROPPED dropped; the store (with WAL) holds
$DB_BYTES bytes, **$BYTES_PER_ROW bytes per logged request** (indexes and daily aggregates included).
Writer bench: \`$WRITER\`.

## Raw numbers

| run | req/s | p50 ms | p99 ms |
|---|---|---|---|
| direct to upstream, c1 | $D1 | $D1P50 | $D1P99 |
| nginx proxy, c1 | $N1 | $N1P50 | $N1P99 |
| switchyard, c1 | $G1 | $G1P50 | $G1P99 |
| direct to upstream, c32 | $D32 | $D32P50 | $D32P99 |
| nginx proxy, c32 | $N32 | $N32P50 | $N32P99 |
| switchyard, c32 | $G32 | $G32P50 | $G32P99 |
| switchyard, log off, c32 | $GN32 | $GN32P50 | $GN32P99 |
| switchyard, log on, c32 (right after) | $GL32 | $GL32P50 | $GL32P99 |

RSS after the c32 runs: $LOAD_RSS MB.

## Where the time goes (profiled with perf, c32)

The profile is flat: kernel (socket syscalls) about a third, QtCore (event loop, QIODevice,
signals) about a quarter, libc malloc/free a sixth, libcurl a sixth, Switchyard's own code under
5 %. What has been done: per-request objects are deleted in batches (\`base::deleteSoon\`), pooled
upstream connections keep their socket notifiers, connection deadlines are swept by one timer,
responses are flushed at once, the listen backlog is raised, and request records leave the
gateway thread in 100 ms batches (a queued signal per request plus an access-log line per request
had cost a quarter of the throughput). Syscalls per proxied request fell from 13.4 to about 10.
The remaining gap to nginx is the Qt event loop and QHttpServer's own parsing and buffering; the
QT-NOTES prototype of a bare QHttpServer + libcurl forwarder measured the same ~50 % ceiling on
an idle machine. Next steps worth measuring: a second gateway worker thread (SO_REUSEPORT), lazy
token estimation in routing (only when a rule or the cost strategy needs it), and fewer
allocations per request in the HTTP layer.
MD
[ -n "$HISTORY" ] && printf '\n%s\n' "$HISTORY" >> "$OUT"
echo "wrote $OUT" >&2
cat "$OUT"
