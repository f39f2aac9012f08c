# SPDX-License-Identifier: GPL-2.0
#
# objres: managed resources tied to the lifetime of a refcounted uapi object.
#
# The repository holds new kernel files at their kernel paths and small diffs
# to existing files in patches/. These targets install what is missing,
# extract Debian's linux-source-6.12 into .build/, bring it in line with the
# repository and build it incrementally.
#
#   make run      end to end: real userspace against the kernel in qemu
#   make test     KUnit under UML (KASAN, lockdep, ODEBUG, kmemleak), the
#                 objres suite on arm64 in qemu, and make crosscheck
#   make crosscheck  W=1 builds of objres and its wrappers for five
#                 other architectures with Debian's cross compilers
#   make bench    objres against devres and kmalloc, in one UML boot, and
#                 slab bytes measured on arm64 too, in qemu; devm_ against
#                 kmalloc in that boot and in one of unpatched 6.12
#   make race-pristine  the e2e media race on unpatched 6.12, to compare
#   make misuse   the coccinelle rule for uapi state freed at unbind, over
#                 the pristine tree's drivers/ and sound/: findings and a table
#   make docs     the documentation pages, with the kernel's Sphinx setup
#   make series   export a git format-patch series; check it builds per patch
#   make apply KDIR=/path/to/linux   apply that series to a kernel tree
#   make tree     only prepare .build/linux
#   make clean    drop build output, keep the extracted tree
#   make distclean  drop .build/ entirely

SHELL := /bin/bash
BUILD := $(CURDIR)/.build
PRISTINE := $(BUILD)/pristine/linux-source-6.12
KTREE := $(BUILD)/linux
KUNIT_BUILD := $(BUILD)/kunit
KUNITCONFIG := $(CURDIR)/mk/objres.kunitconfig
BENCH_BUILD := $(BUILD)/bench
BENCH_KUNITCONFIG := $(CURDIR)/mk/bench.kunitconfig
# make bench's copy of the pristine tree, with only the devm_ benchmarks
# hooked in (mk/bench-hook.sh), and its build.
BENCH_PRISTINE_TREE := $(BUILD)/bench-pristine-src
BENCH_PRISTINE_BUILD := $(BUILD)/bench-pristine
BENCH_PRISTINE_KUNITCONFIG := $(CURDIR)/mk/bench-pristine.kunitconfig

BUILD_DEPS := linux-source-6.12 gcc make libc6-dev flex bison bc python3 \
	perl patch xz-utils sparse
E2E_DEPS := $(BUILD_DEPS) libelf-dev cpio gzip qemu-system-x86 \
	busybox-static v4l-utils libdrm-tests evtest
CROSS_DEPS := $(BUILD_DEPS) gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf \
	gcc-i686-linux-gnu gcc-riscv64-linux-gnu gcc-m68k-linux-gnu
ARM64_DEPS := $(BUILD_DEPS) gcc-aarch64-linux-gnu qemu-system-arm
DOCS_DEPS := $(BUILD_DEPS) python3-sphinx python3-sphinx-rtd-theme graphviz
MISUSE_DEPS := $(BUILD_DEPS) coccinelle
MISUSE_WORK := $(BUILD)/misuse
DOCS_BUILD := $(BUILD)/docs
SERIES_WORK := $(BUILD)/series
E2E_KBUILD := $(BUILD)/x86
E2E_WORK := $(BUILD)/e2e

.PHONY: all base deps e2e-deps docs-deps cross-deps arm64-deps misuse-deps tree \
	test crosscheck bench misuse run race-pristine docs series apply clean \
	distclean
all: test

deps:
	@mk/deps.sh $(BUILD_DEPS)

# Prints the "base:" line; re-extracts the pristine tree, and drops all that
# was built from it, when the installed package is another version. The
# copies of the pristine tree are made in recipes, after that check.
base:
	@mk/base.sh $(BUILD)

define copy-pristine
	@[ -f $(1)/.stamp ] || { \
		echo "objres: copying the pristine tree to $(1)" && \
		rm -rf $(1) && cp -a $(PRISTINE) $(1) && touch $(1)/.stamp; }
endef

e2e-deps:
	@mk/deps.sh $(E2E_DEPS)

docs-deps:
	@mk/deps.sh $(DOCS_DEPS)

cross-deps:
	@mk/deps.sh $(CROSS_DEPS)

arm64-deps:
	@mk/deps.sh $(ARM64_DEPS)

misuse-deps:
	@mk/deps.sh $(MISUSE_DEPS)

tree: base deps
	$(call copy-pristine,$(KTREE))
	@mk/sync-tree.sh $(CURDIR) $(PRISTINE) $(KTREE)

test: base cross-deps arm64-deps misuse-deps tree
	@mk/kunit.sh $(CURDIR) $(KTREE) $(KUNIT_BUILD) $(KUNITCONFIG) $(PRISTINE)

run: base e2e-deps tree
	@mk/run.sh $(CURDIR) $(KTREE) $(E2E_KBUILD) $(E2E_WORK) $(PRISTINE)

race-pristine: base e2e-deps tree
	@mk/race-pristine.sh $(CURDIR) $(PRISTINE) $(E2E_KBUILD)-pristine $(E2E_WORK)

docs: docs-deps tree
	@mk/docs.sh $(CURDIR) $(KTREE) $(DOCS_BUILD)

series: tree
	@mk/series.sh $(CURDIR) $(PRISTINE) $(SERIES_WORK) --check

apply: tree
	@test -n "$(KDIR)" || { echo "usage: make apply KDIR=/path/to/linux"; exit 1; }
	@mk/series.sh $(CURDIR) $(PRISTINE) $(SERIES_WORK) --apply $(KDIR)

crosscheck: cross-deps tree
	@mk/crosscheck.sh $(KTREE) $(BUILD)

bench: base arm64-deps tree
	$(call copy-pristine,$(BENCH_PRISTINE_TREE))
	@mk/bench.sh $(KTREE) $(BENCH_BUILD) $(BENCH_KUNITCONFIG) \
		$(BENCH_PRISTINE_TREE) $(BENCH_PRISTINE_BUILD) \
		$(BENCH_PRISTINE_KUNITCONFIG)

# Reads the pristine tree only: the rule's findings are about 6.12 itself.
misuse: base misuse-deps
	@mk/misuse.sh tree $(CURDIR) $(PRISTINE) $(MISUSE_WORK)

clean:
	rm -rf $(KUNIT_BUILD) $(BENCH_BUILD) $(E2E_KBUILD) $(E2E_WORK) $(DOCS_BUILD) \
		$(MISUSE_WORK) $(BUILD)/cross-* $(BUILD)/kunit-* $(BUILD)/bench-arm64 \
		$(BUILD)/bench-pristine \
		$(BUILD)/x86-pristine

distclean:
	rm -rf $(BUILD)
