#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a UML kernel with only the objres_bench suite (no sanitizers), boot
# it once, and print the figures as a table followed by one
# "bench: <name> <value>" line per figure. The slab bytes are measured on
# arm64 too, in qemu (BUILD_DIR-arm64), and printed with an arm64_ prefix.
#
# Usage: mk/bench.sh TREE BUILD_DIR KUNITCONFIG

set -uo pipefail

tree=$(cd "$1" && pwd)
mkdir -p "$2"
build=$(cd "$2" && pwd)
kunitconfig=$(realpath "$3")
here=$(dirname "$(realpath "$0")")

cd "$tree"
echo "objres: building the benchmark kernel (UML) in $build"
if ! python3 tools/testing/kunit/kunit.py build --build_dir="$build" \
		--kunitconfig="$kunitconfig" --jobs="$(nproc)" \
		>"$build/build.log" 2>&1; then
	tail -20 "$build/build.log"
	echo "objres: benchmark kernel build failed (log: $build/build.log)"
	exit 1
fi

python3 tools/testing/kunit/kunit.py exec --build_dir="$build" \
	--timeout=1800 --raw_output=all >"$build/bench.log" 2>&1
grep -q '^ok .* objres_bench' "$build/bench.log" || {
	grep -E 'not ok|BUG|WARNING' "$build/bench.log" | head -20
	echo "objres: the benchmark suite did not pass (log: $build/bench.log)"
	exit 1
}

# Slab bytes on arm64, where ARCH_DMA_MINALIGN is 128: ksize() is measured
# there, in qemu. Only that case runs: times from an emulator mean nothing.
arm64=$build-arm64
mkdir -p "$arm64"
echo "objres: building the benchmark kernel (arm64) in $arm64"
arm64_opts=(--arch=arm64 --cross_compile=aarch64-linux-gnu- --build_dir="$arm64")
if ! python3 tools/testing/kunit/kunit.py build "${arm64_opts[@]}" \
		--kunitconfig="$here/bench-arm64.kunitconfig" --jobs="$(nproc)" \
		>"$arm64/build.log" 2>&1; then
	tail -20 "$arm64/build.log"
	echo "objres: arm64 benchmark kernel build failed (log: $arm64/build.log)"
	exit 1
fi
python3 tools/testing/kunit/kunit.py exec "${arm64_opts[@]}" --timeout=600 \
	--raw_output=all objres_bench.objres_bench_slab_bytes \
	>"$arm64/bench.log" 2>&1
grep -q '^ *ok .* objres_bench_slab_bytes' "$arm64/bench.log" || {
	grep -E 'not ok|BUG|WARNING|Expected' "$arm64/bench.log" | head -20
	echo "objres: the arm64 slab case did not pass (log: $arm64/bench.log)"
	exit 1
}

echo "machine: $(uname -m), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); the UML kernel uses one"
python3 "$here/bench-table.py" "$build/bench.log" "$arm64/bench.log"
