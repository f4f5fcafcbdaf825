#!/usr/bin/env bash
# Where a bench gateway's CPU goes under load: perf (software cpu-clock event, so it works without hardware
# counters, as in VMs) on the NativeAOT bench gateway while wrk drives it, grouped by component.
#
#   bench/load/profile.sh SCENARIO [--duration SEC]      SCENARIO: plain hs256 rs256 twohop twohop-plain
#
# Needs perf (linux-perf) and python3; run bench/load/run.sh (or dotnet publish bench/BenchGateway -c Release -r
# linux-x64) first. On branch lean-host, BENCH_LEAN_HOSTING=1 in the environment profiles the experimental lean
# hosting path instead (docs/benchmarks.md, "What is in the way"). Uses ports 7100-7116 on 127.0.0.1; wrk -t2 -c32 as run.sh does; stops everything it started.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
die() { echo "profile.sh: FAIL: $*" >&2; exit 1; }
scenario=${1:-}; shift || true
duration=10
while (($#)); do case $1 in --duration) duration=$2; shift 2 ;; *) die "unknown option '$1'" ;; esac; done
case $scenario in
  plain) url=http://127.0.0.1:7110/bench/ping tok=- ;;
  hs256) url=http://127.0.0.1:7111/bench/ping tok=hs256 ;;
  rs256) url=http://127.0.0.1:7112/bench/ping tok=rs256 ;;
  twohop) url=http://127.0.0.1:7113/bench/ping tok=- ;;
  twohop-plain) url=http://127.0.0.1:7115/bench/ping tok=- ;;
  *) die "usage: profile.sh plain|hs256|rs256|twohop|twohop-plain [--duration SEC]" ;;
esac
[[ $duration =~ ^[0-9]+$ && $duration -ge 2 && $duration -le 60 ]] || die "--duration must be 2..60"
for tool in perf wrk nginx curl python3; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
hg="$root/bench/BenchGateway/bin/Release/net10.0/linux-x64/publish/bench-gateway"
[[ -x $hg ]] || die "$hg is missing: dotnet publish bench/BenchGateway -c Release -r linux-x64"
for p in 7100 7110 7111 7112 7113 7114 7115 7116; do [[ -z $(ss -Htln "sport = :$p") ]] || die "port $p is in use"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/harmonygen-profile.XXXXXX")
mkdir -p "$work/nginx/logs"
pids=()
cleanup() { local s=$?; for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; echo "profile.sh: perf data and logs in $work" >&2; exit $s; }
trap cleanup EXIT
trap 'exit 130' INT TERM
BENCH_HS256_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export BENCH_HS256_SECRET
nginx -c "$here/nginx-origin.conf" -p "$work/nginx/" >"$work/origin.log" 2>&1 &
pids+=($!)
"$hg" "$scenario" >"$work/gateway.log" 2>&1 &
gw=$!
pids+=("$gw")
token=""
[[ $tok == - ]] || token=$("$hg" token "$tok")
code=000
for _ in $(seq 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' ${token:+-H "Authorization: Bearer $token"} "$url" || true)
  [[ $code == 200 ]] && break
  sleep 0.1
done
[[ $code == 200 ]] || die "$url answers $code, not 200"
BENCH_TOKEN=$token wrk -t2 -c32 -d3s -s "$here/wrk-report.lua" "$url" >/dev/null # warm-up
BENCH_TOKEN=$token wrk -t2 -c32 -d"$((duration + 2))s" -s "$here/wrk-report.lua" "$url" >"$work/wrk.txt" &
wrk_pid=$!
sleep 1
perf record -q -e cpu-clock -F 1999 -g -p "$gw" -o "$work/perf.data" -- sleep "$duration" 2>"$work/perf.log" >/dev/null
wait "$wrk_pid"
grep -q 'status_errors=0 ' "$work/wrk.txt" || { cat "$work/wrk.txt" >&2; die "non-2xx answers during the profile"; }
perf script -i "$work/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null >"$work/perf.txt"
echo "== $scenario: $(sed -nE 's/.* rps=([0-9.]+).*/\1/p' "$work/wrk.txt") req/s while profiled; self time of the gateway process by component:"
python3 "$here/perf-groups.py" "$work/perf.txt"
# What ASP.NET Core's hosting layer (HostingApplication: HttpContext, server span, log scope) costs around the
# gateway's handler (on branch lean-host, with BENCH_LEAN_HOSTING=1, the experimental lean path's instead).
python3 "$here/perf-hosting.py" "$work/perf.txt"
