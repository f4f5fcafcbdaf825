#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need, then runs every test project.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "the .NET 10 SDK is required (dotnet not on PATH): https://dot.net/download" >&2
  exit 1
fi
dotnet --version

# NativeAOT (the publish test) links with clang and lld; a fresh Debian/Ubuntu machine has neither.
need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v ld.lld >/dev/null 2>&1 || need+=(lld)
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
fi
# The multi-host tests build three hosts from network namespaces (ip netns, veth, bridge; ss): iproute2, and root.
command -v ip >/dev/null 2>&1 && command -v ss >/dev/null 2>&1 || need+=(iproute2)
# The Harmony stand-in (tests/harmony-standin) mints and checks mesh tokens with PyJWT, as Harmony does with jsonwebtoken.
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s python3-jwt >/dev/null 2>&1 || need+=(python3-jwt)
  dpkg -s python3-cryptography >/dev/null 2>&1 || need+=(python3-cryptography)
fi
# The real Mermaid parser (tests/mermaid) checks the generated mesh graphs; it runs on Node.js.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Pinned by tests/mermaid/package-lock.json; --prefer-offline uses npm's cache when it already holds the packages.
if [[ ! -d tests/mermaid/node_modules/mermaid ]]; then
  echo "installing the Mermaid parser (npm ci in tests/mermaid)"
  npm ci --prefix tests/mermaid --prefer-offline --no-audit --no-fund --loglevel=error
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

set +e
dotnet test HarmonyGen.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line: totals over every test assembly.
total() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "$(total Passed) passed, $(total Failed) failed, $(total Skipped) skipped"
exit "$status"
