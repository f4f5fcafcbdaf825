#!/usr/bin/env bash
# Loopback load benchmark: HarmonyGen (NativeAOT) against YARP, nginx and HAProxy doing the same job, each stated as
# a RATIO against peers measured in the same run, in interleaved rounds, and against the fixed-response origin
# measured DIRECT; and the same gateways run JIT with dynamic PGO (the framework-dependent build of the same project),
# for the publish decision in docs/deployment.md. Everything listens on 127.0.0.1, ports 7100-7153; every wrk run
# stops by itself.
#
#   bench/load/run.sh [--duration SEC] [--rounds N] [--warmup SEC] [--no-build] [--targets "NAME ..."] [--out FILE]
#
#   --duration SEC   length of each measured wrk run (default 10)
#   --rounds N       interleaved rounds: every target once per round, in a new shuffled order each round (default 3)
#   --warmup SEC     one unmeasured wrk run per target before round 1, so the JIT peer is warm too (default 5)
#   --no-build       use the binaries already built (dotnet publish / dotnet build are skipped)
#   --targets LIST   measure only these targets (default: all; names below)
#   --out FILE       also write the result tables (Markdown) to FILE
#
# Each target: wrk -t2 -c32 -d<SEC>s --latency -s bench/load/wrk-report.lua <url> (the same for every target; the
# script adds "Authorization: Bearer <token>" when the target needs one, minted fresh before each run).
# Before measuring, every target must answer 200, and every authenticating target must refuse a request without a
# token and one with a tampered token; a measured run with any non-2xx/3xx answer or socket error fails the run.
# Every process this script starts is stopped when it exits (trap). Logs and raw wrk output: the printed work dir.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

duration=10 rounds=3 warmup=5 build=1 only="" out=""
threads=2 connections=32

die() { echo "run.sh: FAIL: $*" >&2; exit 1; }
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --targets) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $duration =~ ^[0-9]+$ && $duration -ge 1 && $duration -le 120 ]] || die "--duration must be 1..120 seconds"
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 && $rounds -le 20 ]] || die "--rounds must be 1..20"
[[ $warmup =~ ^[0-9]+$ && $warmup -le 60 ]] || die "--warmup must be 0..60 seconds"

for tool in wrk nginx haproxy curl dotnet ss shuf awk; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (apt-get install wrk nginx-light haproxy curl)"
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

hg="$root/bench/BenchGateway/bin/Release/net10.0/linux-x64/publish/bench-gateway"
hg_jit_dir="$root/bench/BenchGateway/bin/Release/net10.0" # framework-dependent build of the same project: JIT, dynamic PGO on (.NET's default)
yarp_dir="$root/bench/YarpPeer/bin/Release/net10.0"

# ---------------------------------------------------------------------------------------------------------- targets
# name | url | token ("-", or the bench-gateway token scenario and an optional audience) | what it is
targets_all=(
  "direct|http://127.0.0.1:7100/origin/ping|-|origin DIRECT (nginx return 200, 1 worker)"
  "hg-plain|http://127.0.0.1:7110/bench/ping|-|HarmonyGen AOT, path route"
  "yarp-plain|http://127.0.0.1:7120/bench/ping|-|YARP 2.3 (JIT), route from appsettings.json"
  "nginx-plain|http://127.0.0.1:7130/bench/ping|-|nginx 1.22, 2 workers, upstream keepalive"
  "haproxy-plain|http://127.0.0.1:7140/bench/ping|-|HAProxy 2.6, nbthread 2"
  "hg-hs256|http://127.0.0.1:7111/bench/ping|hs256|HarmonyGen AOT, HS256 mesh-mode ingress"
  "hg-rs256|http://127.0.0.1:7112/bench/ping|rs256|HarmonyGen AOT, RS256 mesh-mode ingress"
  "yarp-jwt|http://127.0.0.1:7120/jwt/ping|hs256 --audience http://127.0.0.1:7120|YARP (JIT) + JwtBearer HS256 + policy on mesh_id, dest_url"
  "haproxy-jwt|http://127.0.0.1:7141/bench/ping|hs256 --audience http://127.0.0.1:7141|HAProxy jwt_verify HS256 + iss/mesh_id/dest_url/exp ACLs"
  "hg-twohop|http://127.0.0.1:7113/bench/ping|-|HarmonyGen AOT, egress (signs HS256) -> mesh ingress -> origin"
  "hg-twohop-plain|http://127.0.0.1:7115/bench/ping|-|HarmonyGen AOT, two plain hops -> origin"
  "hg-plain-jit|http://127.0.0.1:7150/bench/ping|-|HarmonyGen JIT + dynamic PGO (same project, framework-dependent), path route"
  "hg-hs256-jit|http://127.0.0.1:7151/bench/ping|hs256 --audience http://127.0.0.1:7151|HarmonyGen JIT + dynamic PGO, HS256 mesh-mode ingress"
  "hg-plain-spans|http://127.0.0.1:7152/bench/ping|-|HarmonyGen AOT, path route, trace context through two unrecorded spans per request (BENCH_DIRECT_TRACE=0)"
  "hg-hs256-spans|http://127.0.0.1:7153/bench/ping|hs256 --audience http://127.0.0.1:7153|HarmonyGen AOT, HS256 mesh-mode ingress, two unrecorded spans per request"
)
targets=()
for t in "${targets_all[@]}"; do
  name=${t%%|*}
  if [[ -z $only || " $only " == *" $name "* ]]; then targets+=("$t"); fi
done
((${#targets[@]})) || die "--targets matched nothing; names: $(printf '%s ' "${targets_all[@]%%|*}")"
field() { local IFS='|'; read -r -a f <<<"$1"; echo "${f[$2]}"; }

# ---------------------------------------------------------------------------------------------------------- ports
ports=(7100 7110 7111 7112 7113 7114 7115 7116 7120 7130 7140 7141 7150 7151 7152 7153)
for p in "${ports[@]}"; do
  if [[ -n $(ss -Htln "sport = :$p") ]]; then
    die "port $p is already in use on this machine (another run.sh or startup.sh?); the bench needs 7100-7153 free"
  fi
done

# ---------------------------------------------------------------------------------------------------------- build
if ((build)); then
  echo "== publishing bench/BenchGateway (NativeAOT, Release, linux-x64) and building bench/YarpPeer (Release)"
  # No build servers (MSBuild nodes, the compiler server) outlive the script.
  dotnet publish "$root/bench/BenchGateway" -c Release -r linux-x64 -nologo -v quiet -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false \
    || die "dotnet publish bench/BenchGateway failed"
  dotnet build "$root/bench/BenchGateway" -c Release -nologo -v quiet -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false || die "dotnet build bench/BenchGateway (JIT) failed"
  dotnet build "$root/bench/YarpPeer" -c Release -nologo -v quiet -clp:ErrorsOnly -nodeReuse:false -p:UseSharedCompilation=false || die "dotnet build bench/YarpPeer failed"
fi
[[ -x $hg ]] || die "$hg is missing (run without --no-build)"
[[ -f $hg_jit_dir/bench-gateway.dll ]] || die "$hg_jit_dir/bench-gateway.dll is missing (run without --no-build)"
[[ -f $yarp_dir/yarp-peer.dll ]] || die "$yarp_dir/yarp-peer.dll is missing (run without --no-build)"

# ---------------------------------------------------------------------------------------------------------- processes
work=$(mktemp -d "${TMPDIR:-/tmp}/harmonygen-load.XXXXXX")
mkdir -p "$work/logs" "$work/wrk" "$work/nginx/logs"
declare -A pid=()
stopping=0
cleanup() {
  local status=$? name
  ((stopping)) && return
  stopping=1
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null || true; done
  for name in "${!pid[@]}"; do
    for _ in $(seq 50); do kill -0 "${pid[$name]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pid[$name]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  echo "run.sh: stopped every process it started; logs and raw wrk output in $work" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BENCH_HS256_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export BENCH_HS256_SECRET

start() { # name command...
  local name=$1; shift
  "$@" >"$work/logs/$name.log" 2>&1 &
  pid[$name]=$!
}
start origin nginx -c "$here/nginx-origin.conf" -p "$work/nginx/"
start hg-plain "$hg" plain
start hg-hs256 "$hg" hs256
start hg-rs256 "$hg" rs256
start hg-twohop "$hg" twohop
start hg-twohop-plain "$hg" twohop-plain
# The JIT gateways: one scenario per process, moved to its own port by BENCH_PORT (the hs256 ingress lists 7151
# among its URLs, so its tokens carry that origin as dest_url).
start hg-plain-jit env BENCH_PORT=7150 dotnet "$hg_jit_dir/bench-gateway.dll" plain
start hg-hs256-jit env BENCH_PORT=7151 dotnet "$hg_jit_dir/bench-gateway.dll" hs256
# The same AOT binary with trace context carried by hosting's server span and SocketsHttpHandler's client span, as
# before the gateway wrote it itself: the A/B of HarmonyGatewayOptions.DirectTraceContext.
start hg-plain-spans env BENCH_PORT=7152 BENCH_DIRECT_TRACE=0 "$hg" plain
start hg-hs256-spans env BENCH_PORT=7153 BENCH_DIRECT_TRACE=0 "$hg" hs256
(cd "$yarp_dir" && exec dotnet yarp-peer.dll) >"$work/logs/yarp.log" 2>&1 &
pid[yarp]=$!
start nginx "nginx" -c "$here/nginx-proxy.conf" -p "$work/nginx/"
start haproxy haproxy -db -f "$here/haproxy.cfg"

# The processes whose CPU time a target's requests cost (the proxy itself; the origin for "direct").
procs_of() {
  case $1 in
    direct) pgrep -P "${pid[origin]}" || true ;;
    hg-*) echo "${pid[$1]}" ;;
    yarp-*) echo "${pid[yarp]}" ;;
    nginx-*) pgrep -P "${pid[nginx]}" || true ;;
    haproxy-*) echo "${pid[haproxy]}" ;;
  esac
}
cpu_ticks() { # sum of utime+stime of the given pids, in clock ticks
  local total=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)

token_for() { # the token field of a target -> a fresh token, or empty
  [[ $1 == - ]] && return 0
  # shellcheck disable=SC2086 # "hs256 --audience URL" is three arguments
  "$hg" token $1 || die "bench-gateway token $1 failed"
}
status_of() { # url [token] -> HTTP status
  local args=(-s -o /dev/null -w '%{http_code}' --max-time 5)
  [[ -n ${2:-} ]] && args+=(-H "Authorization: Bearer $2")
  curl "${args[@]}" "$1" || true
}
alive_or_die() {
  local n
  for n in "${!pid[@]}"; do
    kill -0 "${pid[$n]}" 2>/dev/null || { tail -20 "$work/logs/$n.log" >&2; die "$n exited early (log above)"; }
  done
}

echo "== waiting for every target to answer 200"
for t in "${targets_all[@]}"; do
  name=$(field "$t" 0) url=$(field "$t" 1) tok=$(field "$t" 2)
  code=000
  for _ in $(seq 120); do
    alive_or_die
    code=$(status_of "$url" "$(token_for "$tok")")
    [[ $code == 200 ]] && break
    sleep 0.25
  done
  [[ $code == 200 ]] || die "$name ($url) answers $code, not 200: it must not be measured"
  if [[ $tok != - ]]; then
    # Authentication must really be enforced, or a peer that skips it would be measured as fast.
    # Tampered: the signature's first character changed (its last one may only carry base64 padding bits).
    good=$(token_for "$tok")
    signed_part=${good%.*} sig=${good##*.}
    tampered="$signed_part.$([[ ${sig:0:1} == A ]] && echo B || echo A)${sig:1}"
    for bad in "" "$tampered"; do
      code=$(status_of "$url" "$bad")
      [[ $code == 401 || $code == 403 ]] || die "$name answers $code to a request with $([[ -z $bad ]] && echo no || echo a tampered) token: authentication is not enforced"
    done
  fi
  printf '  %-16s 200 %s\n' "$name" "$([[ $tok != - ]] && echo '(and 401/403 without a token and with a tampered one)')"
done
code=$(status_of http://127.0.0.1:7114/bench/ping)
[[ $code == 403 ]] || die "the twohop ingress hop answers $code without a token, not 403"
echo "  twohop ingress hop (7114) refuses a request without a token: 403"

# ---------------------------------------------------------------------------------------------------------- measuring
results="$work/results.tsv"
: >"$results"
run_wrk() { # round target-line seconds -> appends to results (round > 0)
  local round=$1 t=$2 secs=$3
  local name url tok out line procs c0 c1
  name=$(field "$t" 0) url=$(field "$t" 1) tok=$(field "$t" 2)
  out="$work/wrk/r$round-$name.txt"
  procs=$(procs_of "$name")
  # shellcheck disable=SC2086
  c0=$(cpu_ticks $procs)
  BENCH_TOKEN=$(token_for "$tok") wrk -t"$threads" -c"$connections" -d"${secs}s" --latency -s "$here/wrk-report.lua" "$url" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed against $name"; }
  # shellcheck disable=SC2086
  c1=$(cpu_ticks $procs)
  line=$(grep '^WRKREPORT' "$out") || { cat "$out" >&2; die "no WRKREPORT line from wrk for $name"; }
  get() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<"$line"; }
  local status_errors sock
  status_errors=$(get status_errors)
  sock=$(($(get connect) + $(get read) + $(get write) + $(get timeout)))
  if ((status_errors > 0)); then
    cat "$out" >&2
    die "$name answered $status_errors non-2xx/3xx responses during the run: not a valid measurement"
  fi
  ((sock == 0)) || { cat "$out" >&2; die "$name had $sock socket errors (connect/read/write/timeout) during the run"; }
  ((round > 0)) || return 0
  local cpu_us_per_req load1
  cpu_us_per_req=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v n="$(get requests)" 'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }')
  load1=$(cut -d' ' -f1 /proc/loadavg)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$(get rps)" "$(get p50_us)" "$(get p99_us)" "$cpu_us_per_req" "$load1" >>"$results"
  printf '  round %s  %-16s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  proxy CPU %6s us/req  (load %s)\n' \
    "$round" "$name" "$(get rps)" "$(awk -v u="$(get p50_us)" 'BEGIN{print u/1000}')" "$(awk -v u="$(get p99_us)" 'BEGIN{print u/1000}')" "$cpu_us_per_req" "$load1"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
if ((warmup > 0)); then
  echo "== warm-up: each target once for ${warmup}s (not measured)"
  for t in "${targets[@]}"; do run_wrk 0 "$t" "$warmup"; echo "  warmed $(field "$t" 0)"; done
fi
for round in $(seq "$rounds"); do
  mapfile -t order < <(printf '%s\n' "${targets[@]}" | shuf)
  echo "== round $round/$rounds, order: $(printf '%s ' "${order[@]%%|*}")"
  for t in "${order[@]}"; do run_wrk "$round" "$t" "$duration"; done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------------------- report
median() { # target column -> median over rounds (empty if not measured)
  awk -F'\t' -v n="$1" -v c="$2" '$2 == n { print $c }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
ratio_rounds() { # a b factor -> "min-max" of the per-round rps ratios a/(factor*b): each pairs runs minutes apart
  awk -F'\t' -v a="$1" -v b="$2" -v f="$3" '
    $2 == a { x[$1] = $3 } $2 == b { y[$1] = $3 }
    END { for (r in x) if (r in y && y[r] > 0) { q = x[r] / (f * y[r]); if (lo == "" || q < lo) lo = q; if (hi == "" || q > hi) hi = q }
          if (lo != "") printf "%.2f-%.2f", lo, hi }' "$results"
}
report="$work/results.md"
direct_rps=$(median direct 3)
table() { # title names...
  local title=$1; shift
  echo
  echo "### $title"
  echo
  echo "| target | what | req/s (median) | p50 ms | p99 ms | proxy CPU us/req | vs direct origin |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  local n t rps
  for n in "$@"; do
    for t in "${targets_all[@]}"; do [[ ${t%%|*} == "$n" ]] && break; done
    rps=$(median "$n" 3)
    [[ -n $rps ]] || continue
    awk -v n="$n" -v w="$(field "$t" 3)" -v r="$rps" -v p50="$(median "$n" 4)" -v p99="$(median "$n" 5)" -v cpu="$(median "$n" 6)" -v d="$direct_rps" \
      'BEGIN { printf "| %s | %s | %.0f | %.2f | %.2f | %.1f | %s |\n", n, w, r, p50 / 1000, p99 / 1000, cpu, d ? sprintf("%.2f", r / d) : "-" }'
  done
}
ratio_row() { # label a b factor target-op target-value
  local label=$1 a=$2 b=$3 factor=$4 op=$5 want=$6 ra rb
  ra=$(median "$a" 3) rb=$(median "$b" 3)
  [[ -n $ra && -n $rb ]] || return 0
  awk -v l="$label" -v a="$ra" -v b="$rb" -v f="$factor" -v op="$op" -v w="$want" -v rr="$(ratio_rounds "$a" "$b" "$factor")" -v ca="$(median "$a" 6)" -v cb="$(median "$b" 6)" '
    BEGIN {
      q = a / (b * f)
      met = op == "-" ? "(no target)" : (op == ">=" ? q >= w : q <= w) ? "met" : "NOT met"
      printf "| %s | %.2f | %s | %s | %s | %s |\n", l, q, rr == "" ? "-" : rr, (ca > 0 ? sprintf("%.2f", cb / ca) : "-"), op == "-" ? "-" : op " " w, met
    }'
}
{
  echo "Run: $started_at, $(nproc) CPUs ($(lscpu | sed -nE 's/^Model name: +//p' | head -1)), load average $load_start at the start, $load_end at the end."
  echo "Command: bench/load/run.sh --duration $duration --rounds $rounds --warmup $warmup${only:+ --targets \"$only\"}; each run wrk -t$threads -c$connections -d${duration}s --latency."
  echo "Medians over $rounds interleaved rounds. \"proxy CPU us/req\": CPU time of the measured proxy's own process(es) per request (for direct: the origin's)."
  table "Plain forwarding" direct hg-plain yarp-plain nginx-plain haproxy-plain
  table "Mesh ingress (JWT on every request)" direct hg-hs256 hg-rs256 yarp-jwt haproxy-jwt
  table "Two hops" direct hg-twohop hg-twohop-plain
  table "NativeAOT or JIT with dynamic PGO (the same gateways)" hg-plain hg-plain-jit hg-hs256 hg-hs256-jit
  table "Trace context written by the gateway, or through two unrecorded spans (the same binary)" hg-plain hg-plain-spans hg-hs256 hg-hs256-spans
  echo
  echo "### Ratios (req/s; a ratio of medians, and the range of the same ratio within each round)"
  echo
  echo "| ratio | value | per round | CPU/req ratio (b/a) | target | |"
  echo "|---|---:|---:|---:|---:|---|"
  ratio_row "HarmonyGen plain / YARP plain" hg-plain yarp-plain 1 ">=" 1.00
  ratio_row "HarmonyGen plain / nginx plain" hg-plain nginx-plain 1 ">=" 1.00
  ratio_row "HarmonyGen plain / HAProxy plain" hg-plain haproxy-plain 1 ">=" 1.00
  ratio_row "HarmonyGen HS256 ingress / HAProxy jwt_verify" hg-hs256 haproxy-jwt 1 ">=" 1.00
  ratio_row "HarmonyGen HS256 ingress / (1.5 x YARP JwtBearer)" hg-hs256 yarp-jwt 1.5 ">=" 1.00
  ratio_row "HarmonyGen RS256 / HS256 ingress" hg-rs256 hg-hs256 1 ">=" 0.90
  ratio_row "HarmonyGen two-hop mesh / two plain hops" hg-twohop hg-twohop-plain 1 ">=" 0.80
  ratio_row "HarmonyGen HS256 ingress / HarmonyGen plain (cost of the JWT check)" hg-hs256 hg-plain 1 - -
  ratio_row "HarmonyGen plain: JIT + PGO / NativeAOT" hg-plain-jit hg-plain 1 - -
  ratio_row "HarmonyGen HS256 ingress: JIT + PGO / NativeAOT" hg-hs256-jit hg-hs256 1 - -
  ratio_row "HarmonyGen plain: direct trace context / two spans" hg-plain hg-plain-spans 1 - -
  ratio_row "HarmonyGen HS256 ingress: direct trace context / two spans" hg-hs256 hg-hs256-spans 1 - -
} | tee "$report"
[[ -z $out ]] || cp "$report" "$out"
