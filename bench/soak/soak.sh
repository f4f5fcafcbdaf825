#!/usr/bin/env bash
# Soak: the clinic and hospital gateways (NativeAOT) and a fixed-response backend on three hosts (network namespaces,
# tests/HarmonyGen.MultiHost.Gateway/netns.sh), under mixed mesh traffic for a long run, sampling every 10 s each
# gateway's VmRSS, open fds and threads.
#
#   bench/soak/soak.sh [--duration SEC] [--out DIR] [--no-build]
#
#   --duration SEC   length of the run (default 600)
#   --out DIR        where samples.csv, results.csv, soak.svg and the logs go (default: a new temp folder)
#   --no-build       use the binary already published
#
# Traffic: 8 clients, each looping over GET through the mesh (200, and the backend saw the path without the token),
# POST of 4 KiB through the mesh (200, and the backend got all 4096 bytes), GET to the hospital without a token (403),
# with a tampered token (403), and an unknown path at the clinic (404). Any other answer, client error or timeout is
# counted as unexpected; the run FAILS when there is one or when a gateway exits. Needs root and iproute2, python3 for
# the plot. Every process and namespace it creates is removed when it exits (trap).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=600 out="" build=1

die() { echo "soak.sh: FAIL: $*" >&2; exit 1; }
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ $duration =~ ^[0-9]+$ && $duration -ge 20 ]] || die "--duration must be at least 20 seconds"
[[ $(id -u) -eq 0 ]] || die "network namespaces need root"
for tool in ip dotnet python3; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed"; done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=${out:-$(mktemp -d /tmp/harmonygen-soak.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
publish="$root/tests/HarmonyGen.MultiHost.Gateway/bin/Release/net10.0/linux-x64/publish"
bin="$publish/harmonygen-multihost"

if ((build)); then
  echo "== publishing tests/HarmonyGen.MultiHost.Gateway (NativeAOT, Release, linux-x64)"
  dotnet publish "$root/tests/HarmonyGen.MultiHost.Gateway" -c Release -r linux-x64 -nodeReuse:false -p:UseSharedCompilation=false -v:q -nologo >"$out/publish.log" 2>&1 \
    || { tail -30 "$out/publish.log"; die "publish failed (log: $out/publish.log)"; }
fi
[[ -x $bin ]] || die "no binary at $bin (run without --no-build)"

owner=$$
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  bash "$publish/netns.sh" down "$owner" || true
}
trap cleanup EXIT
bash "$publish/netns.sh" stale
bash "$publish/netns.sh" up "$owner"

MULTIHOST_MESH_SECRET=$(head -c 32 /dev/urandom | base64)
export MULTIHOST_MESH_SECRET
declare -A pid
for role in backend hospital clinic; do
  ip netns exec "hgmh-$owner-$role" "$bin" "$role" >"$out/$role.log" 2>&1 &
  pid[$role]=$!
  pids+=("$!")
  for _ in $(seq 1 300); do
    grep -q "$role ready" "$out/$role.log" && break
    kill -0 "${pid[$role]}" 2>/dev/null || die "$role exited: $(cat "$out/$role.log")"
    sleep 0.1
  done
  grep -q "$role ready" "$out/$role.log" || die "$role was not ready after 30 s"
done

echo "== soak: ${duration} s, 8 clients, mixed mesh traffic; sampling clinic (pid ${pid[clinic]}) and hospital (pid ${pid[hospital]}) every 10 s"
status=0
"$bin" soak --duration "$duration" --interval 10 --clients 8 --out "$out" \
  --pid "clinic=${pid[clinic]}" --pid "hospital=${pid[hospital]}" | tee "$out/driver.log" || status=$?

python3 "$here/plot.py" "$out/samples.csv" "$out/soak.svg"
python3 "$here/plot.py" --table "$out/samples.csv"
echo "soak.sh: results in $out (samples.csv, results.csv, soak.svg, logs)"
exit "$status"
