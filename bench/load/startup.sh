#!/usr/bin/env bash
# Start-up time and memory of the bench gateway ("plain" scenario: one path route to the origin), NativeAOT binary
# against the same build run JIT (dotnet bench-gateway.dll), with the YARP peer (JIT) as a reference.
#
#   bench/load/startup.sh [--runs N] [--load-duration SEC] [--cwd DIR] [--no-build]
#
#   --runs N             start-up runs per variant, interleaved AOT, JIT, YARP, AOT, ... (default 10); median reported
#   --load-duration SEC  length of the wrk run during which VmRSS is sampled, per variant (default 10)
#   --cwd DIR            working directory of the HarmonyGen variants (default: the binary's own folder, as a service
#                        would run). ASP.NET Core watches the content root (the working directory) for appsettings.json
#                        changes, recursively: try --cwd / to see what that costs.
#   --no-build           use the binaries already built
#
# Start-up: from just before exec to the first 200 answer to GET /bench/ping (forwarded to the origin), polled over
# bash's /dev/tcp every ~2 ms without forking; also the CPU time (user + system) the process had used by then, which
# a busy machine stretches less than the wall clock. Idle RSS: VmRSS 1 s after that first 200. Under load: VmRSS sampled
# every 0.25 s during wrk -t2 -c32 -d<SEC>s --latency (the run.sh settings); median and peak reported.
# Needs ports 7100 (origin), 7110 (gateway) and 7120 (YARP) free; every process it starts is stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=10 load_duration=10 build=1 cwd=""

die() { echo "startup.sh: FAIL: $*" >&2; exit 1; }
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --load-duration) load_duration=$2; shift 2 ;;
    --cwd) cwd=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $runs =~ ^[0-9]+$ && $runs -ge 1 && $runs -le 50 ]] || die "--runs must be 1..50"
[[ $load_duration =~ ^[0-9]+$ && $load_duration -ge 1 && $load_duration -le 120 ]] || die "--load-duration must be 1..120"
for tool in wrk nginx curl dotnet ss awk; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed"; done
[[ -n ${EPOCHREALTIME:-} ]] || die "bash 5 is needed (EPOCHREALTIME)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for p in 7100 7110 7120; do
  [[ -z $(ss -Htln "sport = :$p") ]] || die "port $p is in use (is run.sh running?)"
done

if ((build)); then
  echo "== publishing bench/BenchGateway (NativeAOT), building it framework-dependent (JIT), building bench/YarpPeer"
  dotnet publish "$root/bench/BenchGateway" -c Release -r linux-x64 -nologo -v quiet -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false || die "publish failed"
  dotnet build "$root/bench/BenchGateway" -c Release -nologo -v quiet -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false || die "JIT build failed"
  dotnet build "$root/bench/YarpPeer" -c Release -nologo -v quiet -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false || die "YarpPeer build failed"
fi
aot="$root/bench/BenchGateway/bin/Release/net10.0/linux-x64/publish/bench-gateway"
build_dir="$root/bench/BenchGateway/bin/Release/net10.0" # framework-dependent JIT build of the same project
jit_dll="$build_dir/bench-gateway.dll"
yarp_dir="$root/bench/YarpPeer/bin/Release/net10.0"
[[ -x $aot && -f $jit_dll && -f $yarp_dir/yarp-peer.dll ]] || die "binaries missing (run without --no-build)"
[[ -z $cwd || -d $cwd ]] || die "--cwd $cwd is not a directory"

work=$(mktemp -d "${TMPDIR:-/tmp}/harmonygen-startup.XXXXXX")
mkdir -p "$work/nginx/logs"
mkfifo "$work/tick"
exec 9<>"$work/tick" # read -t on a silent FIFO: a 2 ms pause without forking
declare -A pid=()
cleanup() {
  local status=$?
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null || true; done
  for name in "${!pid[@]}"; do
    for _ in $(seq 50); do kill -0 "${pid[$name]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pid[$name]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  echo "startup.sh: stopped every process it started; logs in $work" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"nginx" -c "$here/nginx-origin.conf" -p "$work/nginx/" >"$work/origin.log" 2>&1 &
pid[origin]=$!
for _ in $(seq 100); do [[ $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:7100/) == 200 ]] && break; sleep 0.1; done
[[ $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:7100/) == 200 ]] || die "the origin does not answer 200"

# variant -> port, command
declare -A port=([aot]=7110 [jit]=7110 [yarp]=7120)
launch() { # variant -> starts it, sets pid[gw]
  case $1 in
    aot) (cd "${cwd:-$(dirname "$aot")}" && exec "$aot" plain) >"$work/$1.log" 2>&1 & ;;
    jit) (cd "${cwd:-$build_dir}" && exec dotnet "$jit_dll" plain) >"$work/$1.log" 2>&1 & ;;
    yarp) (cd "$yarp_dir" && BENCH_HS256_SECRET=startup-only-not-used-for-any-request exec dotnet yarp-peer.dll) >"$work/$1.log" 2>&1 & ;;
  esac
  pid[gw]=$!
}
stop_gw() {
  kill -TERM "${pid[gw]}" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "${pid[gw]}" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "${pid[gw]}" 2>/dev/null || true
  wait "${pid[gw]}" 2>/dev/null || true
  unset 'pid[gw]'
  for _ in $(seq 100); do [[ -z $(ss -Htln "sport = :$1") ]] && return 0; sleep 0.05; done
  die "port $1 still in use after stopping the gateway"
}
first_200() { # variant -> sets ms to the time from exec to the first 200, and pid[gw] (no subshell: it owns the process)
  local v=$1 p=${port[$1]} t0 t1 tc="" line path=/bench/ping
  t0=$EPOCHREALTIME
  launch "$v"
  while :; do
    if { exec 3<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null; then
      [[ -n $tc ]] || tc=$EPOCHREALTIME
      printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$p" >&3
      line=""
      IFS= read -r -t 10 line <&3 || true
      exec 3>&- 3<&-
      t1=$EPOCHREALTIME
      case $line in
        "HTTP/1.1 200"*) break ;;
        "") ;; # accepted and closed before answering: try again
        *) die "$v answered '${line%$'\r'}' instead of 200" ;;
      esac
    fi
    kill -0 "${pid[gw]}" 2>/dev/null || { cat "$work/$v.log" >&2; die "$v exited before answering"; }
    read -r -t 0.002 -u 9 || true
  done
  cpu_ms=$(awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.0f", ($12 + $13) * 1000 / hz }' "/proc/${pid[gw]}/stat")
  ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
  listen_ms=$(awk -v a="$t0" -v b="$tc" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
}
hz=$(getconf CLK_TCK)
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
variants=(aot jit yarp)
: >"$work/startup.tsv"
echo "== start-up: $runs runs per variant, interleaved"
for i in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    first_200 "$v"
    sleep 1
    idle=$(rss_kib "${pid[gw]}")
    stop_gw "${port[$v]}"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$v" "$ms" "$idle" "$listen_ms" "$cpu_ms" >>"$work/startup.tsv"
    printf '  run %2d  %-4s accepting after %7.1f ms, first 200 after %7.1f ms (CPU %4s ms), idle VmRSS %6.1f MiB\n' "$i" "$v" "$listen_ms" "$ms" "$cpu_ms" "$(awk -v k="$idle" 'BEGIN { print k / 1024 }')"
  done
done

echo "== memory under load: wrk -t2 -c32 -d${load_duration}s --latency, VmRSS sampled every 0.25 s"
: >"$work/load.tsv"
for v in "${variants[@]}"; do
  first_200 "$v"
  gw=${pid[gw]}
  url="http://127.0.0.1:${port[$v]}/bench/ping"
  wrk -t2 -c32 -d"${load_duration}s" --latency -s "$here/wrk-report.lua" "$url" >"$work/wrk-$v.txt" 2>&1 &
  wrk_pid=$!
  : >"$work/rss-$v.txt"
  while kill -0 "$wrk_pid" 2>/dev/null; do rss_kib "$gw" >>"$work/rss-$v.txt"; read -r -t 0.25 -u 9 || true; done
  wait "$wrk_pid" || die "wrk failed against $v"
  line=$(grep '^WRKREPORT' "$work/wrk-$v.txt") || die "no wrk report for $v"
  get() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<"$line"; }
  (($(get status_errors) == 0)) || die "$v answered non-2xx/3xx under load"
  after=$(rss_kib "$gw")
  stop_gw "${port[$v]}"
  printf '%s\t%s\t%s\t%s\t%s\n' "$v" "$(median <"$work/rss-$v.txt")" "$(sort -g "$work/rss-$v.txt" | tail -1)" "$(get rps)" "$after" >>"$work/load.tsv"
  echo "  $v: $(get rps) req/s, VmRSS median $(median <"$work/rss-$v.txt") KiB, peak $(sort -g "$work/rss-$v.txt" | tail -1) KiB"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
col() { awk -F'\t' -v v="$1" -v c="$2" '$2 == v { print $c }' "$work/startup.tsv"; }
lcol() { awk -F'\t' -v v="$1" -v c="$2" '$1 == v { print $c }' "$work/load.tsv"; }
size_of() { stat -c %s "$1"; }
app_dir_bytes() { du -sb --exclude='*.pdb' --exclude='*.xml' --exclude=linux-x64 "$1" | cut -f1; }
{
  echo "Run: $started_at, $(nproc) CPUs ($(lscpu | sed -nE 's/^Model name: +//p' | head -1)), load average $load_start at the start, $load_end at the end."
  echo "Command: bench/load/startup.sh --runs $runs --load-duration $load_duration${cwd:+ --cwd $cwd} (HarmonyGen working directory: ${cwd:-the folder of each binary})"
  echo
  echo "| variant | first 200 after exec, median of $runs (min-max) | accepting connections after | CPU time used by the first 200 | idle VmRSS, median | VmRSS under load, median (peak) | req/s in that load run (starts cold) |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for v in "${variants[@]}"; do
    case $v in
      aot) what="HarmonyGen NativeAOT (\`bench-gateway plain\`)" ;;
      jit) what="HarmonyGen JIT (\`dotnet bench-gateway.dll plain\`)" ;;
      yarp) what="YARP peer JIT (\`dotnet yarp-peer.dll\`), reference" ;;
    esac
    printf '| %s | %s ms (%s-%s) | %s ms | %s ms | %s MiB | %s MiB (%s) | %.0f |\n' "$what" \
      "$(col "$v" 3 | median)" "$(col "$v" 3 | sort -g | head -1)" "$(col "$v" 3 | sort -g | tail -1)" "$(col "$v" 5 | median)" "$(col "$v" 6 | median)" \
      "$(mib "$(col "$v" 4 | median)")" "$(mib "$(lcol "$v" 2)")" "$(mib "$(lcol "$v" 3)")" "$(lcol "$v" 4)"
  done
  echo
  echo "| size | bytes | MiB |"
  echo "|---|---:|---:|"
  printf '| NativeAOT binary `bench-gateway` (self-contained; symbols stripped to bench-gateway.dbg) | %s | %s |\n' "$(size_of "$aot")" "$(mib "$(($(size_of "$aot") / 1024))")"
  printf '| JIT build folder (dlls, no pdb/xml; needs the shared .NET + ASP.NET Core runtime, not counted) | %s | %s |\n' "$(app_dir_bytes "$build_dir")" "$(mib "$(($(app_dir_bytes "$build_dir") / 1024))")"
} | tee "$work/results.md"
