#!/bin/sh
# Installs what the end-to-end lab (test/e2e/) needs, from Debian, when it is missing:
#   ip (iproute2)            network namespaces, addresses, unreachable routes
#   nft (nftables)           black holes (dropped SYNs)
#   iptables                 the NFQUEUE target for the "slow" role (the kernel has no nft `queue` here)
#   gcc, libc6-dev, libnetfilter-queue-dev   to build test/e2e/lab/syn-delay.c, which delays those SYNs
#   tcpdump                  packet captures of the lab's loopback (test/e2e/wire.test.ts)
#   chrt (util-linux)        runs tcpdump and, for timing measurements, the lab's servers at idle priority
# Idempotent and quiet: installs nothing when everything is there. Needs root (as the lab itself does).
set -eu

missing=""
need_command() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need_file() { [ -e "$1" ] || missing="$missing $2"; }

need_command ip iproute2
need_command nft nftables
need_command iptables iptables
need_command gcc gcc
need_file /usr/include/stdio.h libc6-dev
need_file /usr/include/libnetfilter_queue/libnetfilter_queue.h libnetfilter-queue-dev
need_command tcpdump tcpdump
need_command chrt util-linux

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  # Not an error: without root the lab cannot run anyway, and its tests skip saying why.
  echo "lab-deps: missing:$missing; not root, so nothing installed and the lab tests will skip" >&2
  exit 0
fi
echo "lab-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq --no-install-recommends $missing >/dev/null
