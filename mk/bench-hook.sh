#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make a kernel tree build the devm_ benchmarks (lib/kunit/devm_bench.c)
# under CONFIG_DEVM_KUNIT_BENCH: copy the file from the repository and,
# unless the tree has them already, add the Kconfig entry and the Makefile
# line. Used on make bench's copy of the pristine tree; the patched tree
# gets them from patches/0002 and is left alone. A file is only written
# when its content changes, so that builds stay incremental.
#
# Usage: mk/bench-hook.sh REPO TREE

set -euo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)

if ! cmp -s "$repo/lib/kunit/devm_bench.c" "$tree/lib/kunit/devm_bench.c"; then
	cp "$repo/lib/kunit/devm_bench.c" "$tree/lib/kunit/devm_bench.c"
fi

added=()
if ! grep -q '^config DEVM_KUNIT_BENCH$' "$tree/lib/kunit/Kconfig"; then
	cat >>"$tree/lib/kunit/Kconfig" <<'KCONFIG'

config DEVM_KUNIT_BENCH
	tristate "Benchmarks of devm_ managed memory against kmalloc"
	depends on KUNIT
	help
	  Builds a KUnit suite that measures devm_kmalloc() with the unbind
	  that releases it, and devm_kfree(), against bare kmalloc()/kfree()
	  in the same boot, with the public devres API only. It only reports
	  figures; not part of KUNIT_ALL_TESTS.

	  If unsure, say N.
KCONFIG
	added+=(lib/kunit/Kconfig)
fi
if ! grep -q 'devm_bench\.o' "$tree/lib/kunit/Makefile"; then
	# shellcheck disable=SC2016 # a make variable, not a shell one
	printf '\nobj-$(CONFIG_DEVM_KUNIT_BENCH) +=\tdevm_bench.o\n' \
		>>"$tree/lib/kunit/Makefile"
	added+=(lib/kunit/Makefile)
fi
if [ ${#added[@]} -gt 0 ]; then
	echo "objres: devm_bench hooked into $tree (${added[*]})"
fi
