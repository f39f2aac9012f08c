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
"$repo/mk/pristine-config.sh" "$pristine" "$repo/mk/e2e.config" >"$fragment" || exit 1
"$repo/mk/x86-kernel.sh" "$pristine" "$kbuild" "$fragment" "unpatched x86_64" || exit 1

echo "objres: booting the unpatched kernel in qemu-system-x86_64 (TCG)"
timeout 900 qemu-system-x86_64 -m 2G -smp 2 -nographic -no-reboot \
	-bios /usr/share/qemu/qboot.rom \
	-kernel "$kbuild/arch/x86/boot/bzImage" \
	-initrd "$initramfs" \
	-append "console=ttyS0 panic=-1 kmemleak=on objres_e2e=media-race" \
	</dev/null 2>&1 | tr -d '\r' >"$console"

# The pattern of step_media_race in mk/e2e/init.
pattern=$(sed -n "s/^RACE_REPORTS='\(.*\)'$/\1/p" "$repo/mk/e2e/init")
# The init's verdicts, and media_race's TAP output, shown after its name.
grep -E '^objres-e2e:|^media_race:' "$console"
reports=$(grep -c -E "$pattern" "$console")
grep -m 3 -A 12 -E "$pattern" "$console"
echo "race-pristine: $reports KASAN/oops report(s) on unpatched 6.12 (console: $console)"
