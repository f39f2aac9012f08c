#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the project's documentation with the kernel's own Sphinx setup
# (conf.py, the kernel-doc extension, automarkup): the objres page and the
# drmm_, v4l2m_ and inputm_ API sections, gathered in a small SPHINXDIRS
# directory of the build tree so that the build takes seconds, not the whole
# book. Fails on any warning from those pages.
#
# Usage: mk/docs.sh REPO TREE BUILD_DIR

set -uo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)
mkdir -p "$3"
build=$(cd "$3" && pwd)
src=$tree/Documentation/objres-pages

rm -rf "$src"
mkdir -p "$src"
cp "$repo/Documentation/driver-api/objres.rst" "$src/objres.rst"
cat >"$src/index.rst" <<'RST'
.. SPDX-License-Identifier: GPL-2.0

=====================================
objres and its wrappers (build check)
=====================================

.. toctree::
   :maxdepth: 2

   objres
   wrappers
RST
# The API sections the patches add to the DRM, V4L2 and input books.
{
	echo '.. SPDX-License-Identifier: GPL-2.0'
	echo
	echo '================'
	echo 'Typed wrappers'
	echo '================'
	echo
	sed -n '/^Managed Resources$/,/^Open\/Close, File Operations/p' \
		"$tree/Documentation/gpu/drm-internals.rst" | sed '$d'
	sed -n '/^Managed resources$/,/^v4l2_device functions and data/p' \
		"$tree/Documentation/driver-api/media/v4l2-device.rst" | sed '$d'
	sed -n '/^Managed resources$/,$p' \
		"$tree/Documentation/input/input-programming.rst"
} >"$src/wrappers.rst"

echo "objres: building the documentation with Sphinx"
make -C "$tree" O="$build" SPHINXDIRS=objres-pages htmldocs \
	>"$build/docs.log" 2>&1
status=$?
rm -rf "$src"

grep -E 'WARNING|ERROR|CRITICAL' "$build/docs.log" >"$build/warnings.log"
n=$(grep -c . "$build/warnings.log")
head -30 "$build/warnings.log"
echo "check: sphinx $n"
if [ $status -ne 0 ] || [ "$n" -gt 0 ]; then
	tail -5 "$build/docs.log"
	echo "objres: documentation build failed (log: $build/docs.log)"
	exit 1
fi
echo "objres: documentation in $build/Documentation/output/objres-pages/"
