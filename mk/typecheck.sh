#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile-time type checks of the typed wrappers. Every mk/typecheck/*.c
# holds numbered cases selected by OBJRES_TYPECHECK_CASE: case 0 must
# compile, every other case must be rejected by the compiler with a type
# error. The compiler command is the kernel's own, taken from the .cmd file
# of an object built with the same headers.
#
# Usage: mk/typecheck.sh BUILD_DIR

set -uo pipefail

build=$(cd "$1" && pwd)
here=$(dirname "$(realpath "$0")")
ref=$build/drivers/gpu/drm/.drm_managed.o.cmd
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -f "$ref" ]; then
	echo "type-check: no reference object ($ref)"
	echo "type-check: 0 of 0 wrong-owner calls rejected"
	exit 1
fi

# The saved command, without dependency output, object and source.
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$ref" |
      sed -e 's/-Wp,-MMD,[^ ]*//' -e 's/ -c -o .*$//')

total=0
rejected=0
failed=0
cd "$build"
for src in "$here"/typecheck/*.c; do
	name=$(basename "$src" .c)
	cases=$(grep -c '^#elif OBJRES_TYPECHECK_CASE == ' "$src")
	for n in $(seq 0 "$cases"); do
		log=$out/$name-$n.log
		eval "$cmd -DOBJRES_TYPECHECK_CASE=$n -c -o $out/$name-$n.o $src" \
			>"$log" 2>&1
		status=$?
		if [ "$n" = 0 ]; then
			if [ $status -ne 0 ]; then
				echo "type-check: $name control case does not compile:"
				head -20 "$log"
				failed=1
			fi
			continue
		fi
		total=$((total + 1))
		if [ $status -ne 0 ] &&
		   grep -qE 'error: (passing argument|incompatible|initialization of|negative width in bit-field)' "$log"; then
			rejected=$((rejected + 1))
		else
			echo "type-check: $name case $n was not rejected by a type error:"
			head -10 "$log"
		fi
	done
done

echo "type-check: $rejected of $total wrong-owner calls rejected"
[ $failed = 0 ] && [ $rejected = "$total" ] && [ "$total" -gt 0 ]
