#!/usr/bin/env bash
# Install every Debian package tunnelstat needs to build, test and bench.
# Non-interactive and idempotent: packages already present are skipped.
set -euo pipefail
pkgs=(clang llvm make gcc libbpf-dev bpftool libelf-dev zlib1g-dev libpcap-dev
      pkg-config iproute2 tshark python3-scapy libndpi-bin tcpreplay util-linux)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
