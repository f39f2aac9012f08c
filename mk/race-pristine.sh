#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The media race of the end-to-end run on the unpatched tree, for
# comparison: build an x86_64 kernel from the pristine 6.12 sources with
# the same configuration fragment (the options that only the project adds
# are left out), boot it in qemu with the initramfs of the last make run
# and the command line objres_e2e=media-race, which runs that step alone,
# and report what media_race and the kernel log said.
#
# Usage: mk/race-pristine.sh REPO PRISTINE KERNEL_BUILD_DIR E2E_WORK_DIR

set -uo pipefail

repo=$(cd "$1" && pwd)
pristine=$(cd "$2" && pwd)
mkdir -p "$3"
kbuild=$(cd "$3" && pwd)
e2e=$(cd "$4" 2>/dev/null && pwd) || e2e=$4
initramfs=$e2e/initramfs.cpio.gz
console=$kbuild/console.log

if [ ! -f "$initramfs" ]; then
	echo "objres: no $initramfs: run make run first"
	exit 1
fi

start=$(date +%s)
fragment=$kbuild/e2e-pristine.config
grep -v -E '^CONFIG_(OBJRES|V4L2_MANAGED)_' "$repo/mk/e2e.config" >"$fragment"
if [ ! -f "$kbuild/.config" ] || [ "$repo/mk/e2e.config" -nt "$kbuild/.config" ]; then
	echo "objres: configuring the unpatched x86_64 kernel in $kbuild"
	make -C "$pristine" O="$kbuild" alldefconfig >/dev/null &&
	"$pristine/scripts/kconfig/merge_config.sh" -m -O "$kbuild" \
		"$kbuild/.config" "$fragment" >/dev/null &&
	make -C "$pristine" O="$kbuild" olddefconfig >/dev/null || exit 1
fi
echo "objres: building the unpatched x86_64 kernel (KASAN, lockdep, kmemleak)"
if ! make -C "$pristine" O="$kbuild" -j"$(nproc)" bzImage >"$kbuild/build.log" 2>&1; then
	grep -E 'error' "$kbuild/build.log" | head -20
	echo "objres: unpatched x86_64 kernel build failed (log: $kbuild/build.log)"
	exit 1
fi
echo "objres: kernel built in $(($(date +%s) - start)) s"

echo "objres: booting the unpatched kernel in qemu-system-x86_64 (TCG)"
timeout 900 qemu-system-x86_64 -m 2G -smp 2 -nographic -no-reboot \
	-bios /usr/share/qemu/qboot.rom \
	-kernel "$kbuild/arch/x86/boot/bzImage" \
	-initrd "$initramfs" \
	-append "console=ttyS0 panic=-1 kmemleak=on objres_e2e=media-race" \
	</dev/null 2>&1 | tr -d '\r' >"$console"

# The pattern of step_media_race in mk/e2e/init.
pattern=$(sed -n "s/^RACE_REPORTS='\(.*\)'$/\1/p" "$repo/mk/e2e/init")
grep -E '^objres-e2e:|^media_race:' "$console"
reports=$(grep -c -E "$pattern" "$console")
grep -m 3 -A 12 -E "$pattern" "$console"
echo "race-pristine: $reports KASAN/oops report(s) on unpatched 6.12 (console: $console)"
