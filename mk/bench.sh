#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build UML kernels with only the benchmark suites (no sanitizers), boot
# them, and print the figures as tables followed by one
# "bench: <name> <value>" line per figure:
#  - the patched tree, with objres_bench and devm_bench (devm_ as the
#    project's devres gives it);
#  - a copy of the pristine 6.12 tree with only devm_bench hooked in
#    (mk/bench-hook.sh): devm_ as 6.12 gives it.
# The two kernels are built one after the other. The patched kernel boots
# once for objres_bench (bench.log); then each kernel boots BENCH_BOOTS
# times (3 unless set), in turn, for devm_bench alone (devm-N.log), so
# that both run it on the same fresh slab caches. Each devm_ figure is a
# ratio to bare kmalloc()/kfree() measured in the same boot, and what is
# printed is the median over the boots of each kernel. The slab bytes are
# measured on arm64 too, in qemu (BUILD_DIR-arm64), and printed with an
# arm64_ prefix.
#
# Usage: mk/bench.sh TREE BUILD_DIR KUNITCONFIG \
#                    PRISTINE_COPY PRISTINE_BUILD_DIR PRISTINE_KUNITCONFIG

set -uo pipefail

tree=$(cd "$1" && pwd)
mkdir -p "$2"
build=$(cd "$2" && pwd)
kunitconfig=$(realpath "$3")
ptree=$(cd "$4" && pwd)
mkdir -p "$5"
pbuild=$(cd "$5" && pwd)
pkunitconfig=$(realpath "$6")
here=$(dirname "$(realpath "$0")")
repo=$(dirname "$here")
boots=${BENCH_BOOTS:-3}
SECONDS=0

# UML build of SRC in OUT with CONFIG; NAME for the messages.
build_uml() {
	local name=$1 src=$2 out=$3 config=$4 start=$SECONDS

	echo "objres: building the $name benchmark kernel (UML) in $out"
	if ! (cd "$src" && python3 tools/testing/kunit/kunit.py build \
			--build_dir="$out" --kunitconfig="$config" \
			--jobs="$(nproc)") >"$out/build.log" 2>&1; then
		tail -20 "$out/build.log"
		echo "objres: $name benchmark kernel build failed (log: $out/build.log)"
		exit 1
	fi
	echo "objres: $name benchmark kernel built in $((SECONDS - start)) s"
}

# Boot the UML kernel built in OUT once to run SUITE alone, into OUT/LOG.
run_uml() {
	local name=$1 src=$2 out=$3 log=$3/$4 suite=$5

	(cd "$src" && python3 tools/testing/kunit/kunit.py exec \
		--build_dir="$out" --timeout=1800 --raw_output=all "$suite") \
		>"$log" 2>&1
	grep -qE "^ok [0-9]+ $suite( |\$)" "$log" && return
	grep -E 'not ok|BUG|WARNING' "$log" | head -20
	echo "objres: the $suite suite did not pass in the $name boot (log: $log)"
	exit 1
}

# The same devm_bench.c in both trees; the patched tree gets the Kconfig
# and Makefile hook here only while patches/ does not carry it.
"$here/bench-hook.sh" "$repo" "$tree" || exit 1
"$here/bench-hook.sh" "$repo" "$ptree" || exit 1

build_uml patched "$tree" "$build" "$kunitconfig"
build_uml "pristine 6.12" "$ptree" "$pbuild" "$pkunitconfig"

start=$SECONDS
run_uml patched "$tree" "$build" bench.log objres_bench
# In turn, so that a change of the machine's load hits both kernels alike.
logs=()
for i in $(seq 1 "$boots"); do
	run_uml "pristine 6.12" "$ptree" "$pbuild" "devm-$i.log" devm_bench
	run_uml patched "$tree" "$build" "devm-$i.log" devm_bench
	logs+=(--pristine "$pbuild/devm-$i.log" --patched "$build/devm-$i.log")
done
echo "objres: $((2 * boots + 1)) UML boots ran in $((SECONDS - start)) s"

# Slab bytes on arm64, where ARCH_DMA_MINALIGN is 128: ksize() is measured
# there, in qemu. Only that case runs: times from an emulator mean nothing.
arm64=$build-arm64
mkdir -p "$arm64"
echo "objres: building the benchmark kernel (arm64) in $arm64"
arm64_opts=(--arch=arm64 --cross_compile=aarch64-linux-gnu- --build_dir="$arm64")
cd "$tree" || exit 1
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

echo "objres: make bench took $SECONDS s"
echo "machine: $(uname -m), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); the UML kernel uses one"
python3 "$here/bench-table.py" "$build/bench.log" "$arm64/bench.log" \
	"${logs[@]}"
