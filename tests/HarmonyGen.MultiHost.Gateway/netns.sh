#!/usr/bin/env bash
# Three "hosts" (clinic, hospital, backend) as network namespaces on one private subnet, 10.213.0.0/24, each joined by
# a veth pair to a bridge in a fourth "switch" namespace, plus one veth from the root namespace (10.213.0.1) so that a
# process outside the namespaces (the test, the soak driver) reaches every host. The addresses are the ones compiled
# into this app's TOML (clinic 10.213.0.11, hospital 10.213.0.12, backend 10.213.0.13, all on port 8080).
#
#   netns.sh up OWNER_PID           create the hosts for the process OWNER_PID (names hgmh-OWNER_PID-HOST)
#   netns.sh down OWNER_PID         remove them (and every process still running in them)
#   netns.sh link OWNER_PID HOST up|down   plug or unplug HOST's cable at the switch
#   netns.sh stale                  remove the hosts of owners that are no longer running (crashed runs)
#
# Used by tests/HarmonyGen.MultiHost.Tests and bench/soak/soak.sh. Needs root and iproute2.
set -euo pipefail

hosts=(clinic hospital backend)
declare -A address=([clinic]=10.213.0.11 [hospital]=10.213.0.12 [backend]=10.213.0.13)
# Interface names have 15 characters at most: hgmh + pid (<= 7 digits) + one letter (+ 's' on the switch side).
declare -A letter=([clinic]=c [hospital]=h [backend]=b [root]=r)

die() { echo "netns.sh: $*" >&2; exit 1; }
ns() { echo "hgmh-$1-$2"; }

owners() { ip netns list | sed -nE 's/^hgmh-([0-9]+)-switch.*/\1/p' | sort -u; }

down() {
  local owner=$1 host name
  for host in "${hosts[@]}" switch; do
    name=$(ns "$owner" "$host")
    if ip netns list | grep -qE "^$name( |$)"; then
      # Processes in a namespace keep it alive (and its address in use): stop them first.
      for pid in $(ip netns pids "$name" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
      ip netns delete "$name"
    fi
  done
  # The root end goes with its peer in the switch namespace; this catches a half-made run.
  ip link delete "hgmh${owner}r" 2>/dev/null || true
}

up() {
  local owner=$1 host sw
  [[ $owner =~ ^[0-9]{1,7}$ ]] || die "owner must be a process id, got '$owner'"
  for other in $(owners); do
    [[ $other == "$owner" ]] && continue
    die "the hosts of process $other hold 10.213.0.0/24 (it is still running; one multi-host run at a time)"
  done
  down "$owner"
  sw=$(ns "$owner" switch)
  ip netns add "$sw"
  ip -n "$sw" link add br0 type bridge
  ip -n "$sw" link set br0 up
  for host in "${hosts[@]}"; do
    local name l
    name=$(ns "$owner" "$host") l=${letter[$host]}
    ip netns add "$name"
    ip link add "hgmh${owner}${l}" type veth peer name "hgmh${owner}${l}s"
    ip link set "hgmh${owner}${l}" netns "$name"
    ip -n "$name" link set "hgmh${owner}${l}" name eth0
    ip -n "$name" addr add "${address[$host]}/24" dev eth0
    ip -n "$name" link set lo up
    ip -n "$name" link set eth0 up
    ip link set "hgmh${owner}${l}s" netns "$sw"
    ip -n "$sw" link set "hgmh${owner}${l}s" master br0 up
  done
  ip link add "hgmh${owner}r" type veth peer name "hgmh${owner}rs"
  ip link set "hgmh${owner}rs" netns "$sw"
  ip -n "$sw" link set "hgmh${owner}rs" master br0 up
  ip addr add 10.213.0.1/24 dev "hgmh${owner}r"
  ip link set "hgmh${owner}r" up
}

command -v ip >/dev/null 2>&1 || die "'ip' (iproute2) is not installed: apt-get install iproute2"
[[ $(id -u) -eq 0 ]] || die "network namespaces need root (this runs as uid $(id -u))"

case ${1:-} in
  up) up "${2:?owner pid}" ;;
  down) down "${2:?owner pid}" ;;
  link)
    [[ ${4:-} == up || ${4:-} == down ]] || die "usage: netns.sh link OWNER_PID HOST up|down"
    ip -n "$(ns "$2" switch)" link set "hgmh${2}${letter[$3]}s" "$4" ;;
  stale)
    for owner in $(owners); do
      kill -0 "$owner" 2>/dev/null || { echo "netns.sh: removing the hosts of process $owner (no longer running)" >&2; down "$owner"; }
    done
    # Root ends whose switch namespace is already gone.
    for link in $(ip -o link show | sed -nE 's/^[0-9]+: (hgmh[0-9]+r)[@:].*/\1/p'); do
      owner=${link#hgmh}; owner=${owner%r}
      kill -0 "$owner" 2>/dev/null || ip link delete "$link" 2>/dev/null || true
    done ;;
  *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 2 ;;
esac
