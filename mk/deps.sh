#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install what the build needs from Debian's archive. As root, missing
# packages are installed with apt-get; otherwise the exact command is printed
# and the build stops.
#
# With OBJRES_DEPS_QUIET set, an installation is not announced.
#
# Usage: mk/deps.sh PACKAGE...

set -e

missing=
for pkg in "$@"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "objres: missing Debian packages:$missing" >&2
	echo "objres: run as root:  apt-get install -y$missing" >&2
	exit 1
fi

[ -n "${OBJRES_DEPS_QUIET:-}" ] || echo "objres: installing$missing"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends $missing >/dev/null; then
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
