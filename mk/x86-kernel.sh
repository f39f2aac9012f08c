#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the end-to-end x86_64 kernel (bzImage) of TREE in
# BUILD_DIR, incrementally: merge_config.sh makes .config from the Kconfig
# defaults plus FRAGMENT at every run, as kunit.py does, and its report of
# every requested value that is not in the final .config ("Value requested
# for ...") stops the build. Unchanged options rebuild nothing.
#
# Usage: mk/x86-kernel.sh TREE BUILD_DIR FRAGMENT NAME
#        NAME: what the messages call the kernel

set -uo pipefail

tree=$(cd "$1" && pwd)
mkdir -p "$2"
kbuild=$(cd "$2" && pwd)
fragment=$(realpath "$3")
name=$4

if ! (cd "$tree" && scripts/kconfig/merge_config.sh -O "$kbuild" "$fragment") \
		>"$kbuild/objres-config.log" 2>&1; then
	tail -20 "$kbuild/objres-config.log"
	echo "objres: configuring the $name kernel failed (log: $kbuild/objres-config.log)"
	exit 1
fi
if grep -q '^Value requested for' "$kbuild/objres-config.log"; then
	grep -A2 '^Value requested for' "$kbuild/objres-config.log"
	echo "objres: options of $fragment did not hold in the $name kernel's .config"
	exit 1
fi

start=$(date +%s)
echo "objres: building the $name kernel (KASAN, lockdep, kmemleak) in $kbuild"
if ! make -C "$tree" O="$kbuild" -j"$(nproc)" bzImage >"$kbuild/objres-build.log" 2>&1; then
	grep -E 'error' "$kbuild/objres-build.log" | head -20
	echo "objres: $name kernel build failed (log: $kbuild/objres-build.log)"
	exit 1
fi
echo "objres: $name kernel built in $(( $(date +%s) - start )) s"
