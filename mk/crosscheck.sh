#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build objres and its three typed wrappers with W=1 for other
# architectures, with Debian's cross compilers: drivers/base/objres.o,
# drivers/gpu/drm/drm_managed.o, drivers/media/v4l2-core/v4l2-managed.o and
# drivers/input/input-managed.o.
# Each architecture has its build directory BUILD_TOP/cross-<arch>,
# configured by merge_config.sh from allnoconfig plus mk/cross.config and,
# if present, mk/cross-<arch>.config, again only when those change; every
# value requested that merge_config.sh reports not in the final .config is
# a finding. The four objects are compiled
# afresh on every run, the rest of the build is incremental.
# Prints one "check: cross-<arch> <findings>" line per architecture (details
# above it): compiler warnings and errors in those objects, or at least 1
# when the build fails. Exits non-zero if any architecture has findings.
#
# Usage: mk/crosscheck.sh TREE BUILD_TOP [ARCH...]
#        ARCH: arm64 arm i386 riscv64 m68k (default: all of them)

set -uo pipefail

tree=$(cd "$1" && pwd)
mkdir -p "$2"
top=$(cd "$2" && pwd)
shift 2
here=$(dirname "$(realpath "$0")")
objs=(drivers/base/objres.o drivers/gpu/drm/drm_managed.o
      drivers/media/v4l2-core/v4l2-managed.o drivers/input/input-managed.o)
[ $# -eq 0 ] && set -- arm64 arm i386 riscv64 m68k

# The kernel's ARCH and the prefix of Debian's cross compiler (package
# gcc-<prefix without the last dash>).
karch() {
	case $1 in
	arm64) echo "arm64 aarch64-linux-gnu-" ;;
	arm) echo "arm arm-linux-gnueabihf-" ;;
	i386) echo "i386 i686-linux-gnu-" ;;
	riscv64) echo "riscv riscv64-linux-gnu-" ;;
	m68k) echo "m68k m68k-linux-gnu-" ;;
	*) return 1 ;;
	esac
}

# Print the lines of a log as details of a finding, paths relative to the tree.
show() {
	sed -e "s|$tree/||g" -e 's/^/  /' "$1" | head -"${2:-40}"
}

start=$(date +%s)
failed=0
for arch in "$@"; do
	if ! read -r kernel_arch prefix < <(karch "$arch"); then
		echo "objres: crosscheck: unknown architecture $arch" >&2
		echo "check: cross-$arch 1"
		failed=1
		continue
	fi
	dir=$top/cross-$arch
	mkdir -p "$dir"
	log=$dir/objres-findings.log
	: >"$log"
	kmake=(make -C "$tree" O="$dir" ARCH="$kernel_arch"
	       CROSS_COMPILE="$prefix" -j"$(nproc)")

	if ! command -v "${prefix}gcc" >/dev/null; then
		echo "${prefix}gcc not found: install gcc-${prefix%-} (make cross-deps)" >"$log"
	else
		# Configured again only when the fragments change.
		fragment=$dir/objres-fragment.config
		cat "$here/cross.config" >"$fragment.new"
		frags=("$here/cross.config")
		if [ -f "$here/cross-$arch.config" ]; then
			cat "$here/cross-$arch.config" >>"$fragment.new"
			frags+=("$here/cross-$arch.config")
		fi
		if [ ! -f "$dir/.config" ] || ! cmp -s "$fragment.new" "$fragment"; then
			echo "objres: configuring $arch in $dir"
			rm -f "$fragment"
			# merge_config.sh reports every requested value that
			# did not hold ("Value requested for ... not in final
			# .config"): each is a finding.
			if ! (cd "$tree" && ARCH=$kernel_arch CROSS_COMPILE=$prefix \
					scripts/kconfig/merge_config.sh -n -O "$dir" \
					"${frags[@]}") >"$dir/config.log" 2>&1; then
				{ tail -20 "$dir/config.log"
				  echo "merge_config.sh failed (log: $dir/config.log)"; } >"$log"
			else
				mv "$fragment.new" "$fragment"
			fi
		fi
		rm -f "$fragment.new"
		# An option requested "is not set" that is not in .config at
		# all (its dependencies hide it) is not set: not a finding.
		[ ! -s "$log" ] && awk '
			/^Value requested for / { v = $0; next }
			v && /^Requested value:/ { r = $0; unset = /is not set$/; next }
			v && /^Actual value:/ {
				if (!(unset && $0 ~ /^Actual value:[[:space:]]*$/))
					print v "\n  " r "\n  " $0
				v = ""
			}' "$dir/config.log" >"$log"
	fi

	# W=1 for the preparation too, or the objects' command lines would
	# differ from it and rebuild it every time.
	if [ ! -s "$log" ] &&
	   ! "${kmake[@]}" W=1 prepare >"$dir/prepare.log" 2>&1; then
		{ grep -E 'error|Error' "$dir/prepare.log" | head -20
		  echo "make prepare failed (log: $dir/prepare.log)"; } >"$log"
	fi

	if [ ! -s "$log" ]; then
		(cd "$dir" && rm -f "${objs[@]}")
		"${kmake[@]}" -k W=1 "${objs[@]}" >"$dir/objres-build.log" 2>&1
		status=$?
		grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' \
			"$dir/objres-build.log" >"$log"
		if [ $status -ne 0 ] && [ ! -s "$log" ]; then
			{ grep -E 'error|Error' "$dir/objres-build.log" | head -20
			  echo "build failed (log: $dir/objres-build.log)"; } >"$log"
		fi
		n=$(grep -c . "$log")
		# The findings with the compiler's notes, which say where in
		# the project's code a macro's diagnostic comes from.
		[ "$n" -gt 0 ] && grep -E \
			'^[^ ]+:[0-9]+:[0-9]+: (warning|error|note):' \
			"$dir/objres-build.log" >"$log"
	else
		# One finding per option that did not hold, else one.
		n=$(grep -c '^Value requested for' "$log")
		[ "$n" -eq 0 ] && n=1
	fi
	[ "$n" -gt 0 ] && show "$log"
	echo "check: cross-$arch $n"
	[ "$n" -gt 0 ] && failed=1
done
echo "objres: crosscheck of $# architecture(s) in $(( $(date +%s) - start )) s"
exit $failed
