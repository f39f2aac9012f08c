#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Know the base: install Debian's linux-source-6.12 if it is missing, print
# "base: linux-source-6.12 <Debian version>", and make sure the extracted
# pristine tree is that version. The pristine tree records the version it
# was extracted from in .objres-base; when the installed package is another
# version, everything under BUILD was made from another base, so all of it
# is removed and the tree extracted afresh: a kept machine then builds what
# a fresh one builds.
#
# Usage: mk/base.sh BUILD

set -euo pipefail

build=$1
here=$(dirname "$(realpath "$0")")
pkg=linux-source-6.12
tarball=/usr/src/linux-source-6.12.tar.xz
pristine=$build/pristine/linux-source-6.12
record=$pristine/.objres-base

OBJRES_DEPS_QUIET=1 "$here/deps.sh" "$pkg"
version=$(dpkg-query -W -f='${Version}' "$pkg")
echo "base: $pkg $version"

have=
[ -f "$record" ] && have=$(cat "$record")
[ "$have" = "$version" ] && exit 0

if [ -n "$have" ]; then
	echo "objres: the installed $pkg is $version, the extracted tree $have:" \
		"removing everything built from it"
fi
if [ -d "$build" ]; then
	find "$build" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
fi
echo "objres: extracting $tarball"
mkdir -p "$build/pristine"
tar -C "$build/pristine" -xf "$tarball"
echo "$version" >"$record"
