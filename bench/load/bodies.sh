#!/usr/bin/env bash
# Large bodies through a plain pipeline: one download and one upload of SIZE MiB (default 256) per target and round,
# interleaved in a shuffled order, against nginx as a streaming proxy (proxy_buffering off, proxy_request_buffering
# off) and the origin direct. Per transfer: MiB/s (curl's own figure), the proxy's CPU time, and its peak RSS
# (VmHWM, reset before each transfer through /proc/PID/clear_refs).
#
#   bench/load/bodies.sh [--size MIB] [--rounds N] [--no-build] [--out FILE]
#
# Needs nginx, curl, python3 and root (clear_refs); ports 7117, 7118, 7131, 7150, 7151 on 127.0.0.1. Stops everything it
# started. The download origin is nginx (sendfile from a file in the run's temporary folder); the upload target is
# bench/load/sink.py, which reads every byte before it answers.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
die() { echo "bodies.sh: FAIL: $*" >&2; exit 1; }
size=256 rounds=3 build=1 out=""
while (($#)); do
  case $1 in
    --size) size=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --out) out=$2; shift 2 ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ $size =~ ^[0-9]+$ && $size -ge 1 && $size -le 4096 ]] || die "--size must be 1..4096 (MiB)"
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 && $rounds -le 20 ]] || die "--rounds must be 1..20"
for tool in nginx curl python3; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
[[ $(id -u) -eq 0 ]] || die "needs root, to reset the proxies' peak RSS through /proc/PID/clear_refs"
for p in 7117 7118 7131 7150 7151; do [[ -z $(ss -Htln "sport = :$p") ]] || die "port $p is in use"; done

hg="$root/bench/BenchGateway/bin/Release/net10.0/linux-x64/publish/bench-gateway"
if ((build)); then
  echo "== publishing bench/BenchGateway (NativeAOT, Release, linux-x64)"
  dotnet publish "$root/bench/BenchGateway" -c Release -r linux-x64 -nologo -v quiet -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false \
    || die "dotnet publish bench/BenchGateway failed"
fi
[[ -x $hg ]] || die "$hg is missing (run without --no-build)"

work=$(mktemp -d "${TMPDIR:-/tmp}/harmonygen-bodies.XXXXXX")
mkdir -p "$work/nginx/logs" "$work/nginx/html/origin/files"
pids=()
cleanup() { local s=$?; for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -f "$work/nginx/html/origin/files/big.bin"; echo "bodies.sh: logs in $work" >&2; exit $s; }
trap cleanup EXIT
trap 'exit 130' INT TERM

big="$work/nginx/html/origin/files/big.bin"
head -c "$((size * 1048576))" /dev/urandom >"$big"
chmod 755 "$work" && chmod -R a+rX "$work/nginx/html" # nginx's workers run as an unprivileged user
bytes=$((size * 1048576))

nginx -c "$here/bodies-nginx.conf" -p "$work/nginx/" >"$work/nginx.log" 2>&1 &
pids+=($!)
nginx_master=$!
python3 "$here/sink.py" 7151 >"$work/sink.log" 2>&1 &
pids+=($!)
"$hg" bodies >"$work/gateway.log" 2>&1 &
pids+=($!)
gateway=$!
# The same binary with Kestrel's own 4 KiB connection blocks, for the A/B of LargeBlockMemoryPool.
BENCH_BLOCK_SIZE=0 BENCH_PORT=7118 "$hg" bodies >"$work/gateway-4k.log" 2>&1 &
pids+=($!)
gateway4k=$!

ready() { for _ in $(seq 100); do [[ $(curl -s -o /dev/null -w '%{http_code}' "$1" || true) == "$2" ]] && return 0; sleep 0.1; done; die "$1 does not answer $2"; }
ready http://127.0.0.1:7150/origin/files/big.bin 200
ready http://127.0.0.1:7117/bench/files/big.bin 200
ready http://127.0.0.1:7118/bench/files/big.bin 200
ready http://127.0.0.1:7131/bench/files/big.bin 200

# The processes a target's transfer costs: the proxy (nginx: its workers), none for direct.
procs_of() {
  case $1 in
    direct) ;;
    harmonygen) echo "$gateway" ;;
    harmonygen-4k) echo "$gateway4k" ;;
    nginx) pgrep -P "$nginx_master" ;;
  esac
}
url_of() { # target direction
  case $1:$2 in
    direct:down) echo http://127.0.0.1:7150/origin/files/big.bin ;;
    direct:up) echo http://127.0.0.1:7151/origin/sink ;;
    harmonygen:down) echo http://127.0.0.1:7117/bench/files/big.bin ;;
    harmonygen:up) echo http://127.0.0.1:7117/bench/sink ;;
    harmonygen-4k:down) echo http://127.0.0.1:7118/bench/files/big.bin ;;
    harmonygen-4k:up) echo http://127.0.0.1:7118/bench/sink ;;
    nginx:down) echo http://127.0.0.1:7131/bench/files/big.bin ;;
    nginx:up) echo http://127.0.0.1:7131/bench/sink ;;
  esac
}
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
peak_kib() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/^VmHWM/ {print $2}' "/proc/$p/status"))); done; echo "$t"; }
hz=$(getconf CLK_TCK)

results="$work/results.txt"
: >"$results"
transfer() { # target direction round
  local target=$1 dir=$2 url
  url=$(url_of "$target" "$dir")
  mapfile -t procs < <(procs_of "$target")
  for p in "${procs[@]}"; do echo 5 >"/proc/$p/clear_refs"; done
  local before after line code got speed
  before=$(ticks "${procs[@]}")
  if [[ $dir == down ]]; then
    line=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' "$url")
  else
    line=$(curl -s -o /dev/null -X POST -H 'Expect:' -H 'Content-Type: application/octet-stream' -T "$big" -w '%{http_code} %{size_upload} %{speed_upload}' "$url")
  fi
  after=$(ticks "${procs[@]}")
  read -r code got speed <<<"$line"
  [[ $code == 200 && $got == "$bytes" ]] || die "$target $dir: HTTP $code, $got of $bytes bytes"
  local mibs cpu_ms peak
  mibs=$(awk -v s="$speed" 'BEGIN { printf "%.0f", s / 1048576 }')
  cpu_ms=$(( (after - before) * 1000 / hz ))
  peak=$(( $(peak_kib "${procs[@]}") / 1024 ))
  echo "$target $dir $3 $mibs $cpu_ms $peak" >>"$results"
  printf '  round %s %-10s %-4s %6s MiB/s  proxy CPU %5s ms  peak RSS %4s MiB\n' "$3" "$target" "$dir" "$mibs" "$cpu_ms" "$peak"
}

echo "== $rounds rounds of one ${size} MiB download and one upload per target, shuffled; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for t in direct harmonygen harmonygen-4k nginx; do transfer $t down 0 >/dev/null; transfer $t up 0 >/dev/null; done # warm-up
: >"$results"
for r in $(seq "$rounds"); do
  while read -r pair; do transfer ${pair% *} ${pair#* } "$r"; done < <(printf '%s\n' "direct down" "direct up" "harmonygen down" "harmonygen up" "harmonygen-4k down" "harmonygen-4k up" "nginx down" "nginx up" | shuf)
done

summary() {
  echo
  echo "Command: bench/load/bodies.sh --size $size --rounds $rounds; load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
  python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
names = {"direct": "origin direct", "harmonygen": "HarmonyGen (NativeAOT, 64 KiB connection blocks)",
         "harmonygen-4k": "HarmonyGen (NativeAOT, Kestrel's 4 KiB blocks)", "nginx": "nginx (buffering off)"}
print()
print("| target | direction | MiB/s (median, min-max) | proxy CPU ms per transfer (median) | peak RSS MiB (max) |")
print("|---|---|---:|---:|---:|")
med = {}
for t in names:
    for d in ("down", "up"):
        sel = [r for r in rows if r[0] == t and r[1] == d]
        if not sel:
            continue
        speeds = [int(r[3]) for r in sel]
        med[t, d] = statistics.median(speeds)
        cpu = "-" if t == "direct" else f"{statistics.median(int(r[4]) for r in sel):.0f}"
        rss = "-" if t == "direct" else f"{max(int(r[5]) for r in sel)}"
        print(f"| {names[t]} | {'download' if d == 'down' else 'upload'} | {med[t, d]:.0f} ({min(speeds)}-{max(speeds)}) | {cpu} | {rss} |")
print()
for d, label in (("down", "download"), ("up", "upload")):
    for t in ("harmonygen", "harmonygen-4k"):
        if (t, d) in med and ("nginx", d) in med:
            print(f"{names[t]} / nginx, {label}: {med[t, d] / med['nginx', d]:.2f} (medians)")
PY
}
if [[ -n $out ]]; then summary | tee "$out"; else summary; fi
