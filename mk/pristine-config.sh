#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the lines of a configuration fragment that the pristine tree can
# take: every CONFIG_ assignment (or "is not set") whose symbol a Kconfig
# file of PRISTINE declares. What only the project's Kconfig declares is
# left out, and no list of the project's options is kept by hand.
#
# Usage: mk/pristine-config.sh PRISTINE FRAGMENT

set -euo pipefail

pristine=$(cd "$1" && pwd)
fragment=$2
symbols=$(mktemp)
trap 'rm -f "$symbols"' EXIT

(cd "$pristine" && find . -name 'Kconfig*' -print0 |
	xargs -0 sed -n 's/^[[:space:]]*\(menu\)\{0,1\}config[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/CONFIG_\2/p') |
	sort -u >"$symbols"
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) sym=${line%%=*} ;;
	"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
	*) continue ;;
	esac
	if grep -qxF "$sym" "$symbols"; then echo "$line"; fi
done <"$fragment"
