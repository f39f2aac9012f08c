#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the objres KUnit suite on other architectures, in qemu (TCG): for each
# ARCH, build BUILD_TOP/kunit-<arch> from mk/<arch>.kunitconfig with
# Debian's cross compiler, boot it with kunit.py and judge the run with
# mk/kunit-arch.py: a failed or crashed case, or any sanitizer report in the
# kernel log, is a failure. Prints "arch: <arch> objres N passed, M failed"
# per architecture (a build that fails counts as one failure) and exits
# non-zero if any architecture failed.
#
# Usage: mk/kunit-arch.sh TREE BUILD_TOP ARCH...   (ARCH: arm64 arm m68k)

set -uo pipefail

tree=$(cd "$1" && pwd)
mkdir -p "$2"
top=$(cd "$2" && pwd)
shift 2
here=$(dirname "$(realpath "$0")")
suite=objres

# Debian's cross compiler prefix and qemu package for kunit.py's --arch.
cross() {
	case $1 in
	arm64) echo "aarch64-linux-gnu- qemu-system-arm" ;;
	arm) echo "arm-linux-gnueabihf- qemu-system-arm" ;;
	m68k) echo "m68k-linux-gnu- qemu-system-misc" ;;
	*) return 1 ;;
	esac
}

failed=0
for arch in "$@"; do
	build=$top/kunit-$arch
	kunitconfig=$here/$arch.kunitconfig
	if ! read -r prefix qemu < <(cross "$arch") || [ ! -f "$kunitconfig" ]; then
		echo "objres: no cross compiler or $kunitconfig for $arch"
		echo "arch: $arch $suite 0 passed, 1 failed"
		failed=1
		continue
	fi
	mkdir -p "$build"
	kunit=(python3 tools/testing/kunit/kunit.py)
	opts=(--arch="$arch" --cross_compile="$prefix" --build_dir="$build")

	start=$(date +%s)
	echo "objres: building the KUnit kernel ($arch) in $build"
	if ! (cd "$tree" && "${kunit[@]}" build "${opts[@]}" \
			--kunitconfig="$kunitconfig" --jobs="$(nproc)") \
			>"$build/build.log" 2>&1; then
		grep -E 'error|Error|ERROR|warning:|missing' "$build/build.log" | head -40
		tail -5 "$build/build.log"
		echo "objres: $arch KUnit kernel build failed (log: $build/build.log;" \
			"needs ${prefix}gcc from gcc-${prefix%-} and $qemu)"
		echo "arch: $arch $suite 0 passed, 1 failed"
		failed=1
		continue
	fi
	echo "objres: $arch built in $(( $(date +%s) - start )) s"

	# Two CPUs, so that the concurrency case really runs in parallel.
	start=$(date +%s)
	rm -f "$build/results.json" "$build/test.log"
	(cd "$tree" && "${kunit[@]}" exec "${opts[@]}" --qemu_args="-smp 2" \
		--timeout=1800 --json="$build/results.json" "$suite") \
		>"$build/exec.log" 2>&1
	status=$?
	echo "objres: $arch ran in $(( $(date +%s) - start )) s (status $status)"
	python3 "$here/kunit-arch.py" "$arch" "$suite" "$build/results.json" \
		"$build/test.log" || failed=1
done
exit $failed
