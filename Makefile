# SPDX-License-Identifier: GPL-2.0
#
# objres: managed resources tied to the lifetime of a refcounted uapi object.
#
# The repository holds new kernel files at their kernel paths and small diffs
# to existing files in patches/. These targets install what is missing,
# extract Debian's linux-source-6.12 into .build/, bring it in line with the
# repository and build it incrementally.
#
#   make test     KUnit under UML (KASAN, lockdep, ODEBUG, kmemleak)
#   make bench    objres against devres and kmalloc, in one UML boot
#   make tree     only prepare .build/linux
#   make clean    drop build output, keep the extracted tree
#   make distclean  drop .build/ entirely

SHELL := /bin/bash
BUILD := $(CURDIR)/.build
KSRC_TAR := /usr/src/linux-source-6.12.tar.xz
PRISTINE := $(BUILD)/pristine/linux-source-6.12
KTREE := $(BUILD)/linux
KUNIT_BUILD := $(BUILD)/kunit
KUNITCONFIG := $(CURDIR)/mk/objres.kunitconfig
BENCH_BUILD := $(BUILD)/bench
BENCH_KUNITCONFIG := $(CURDIR)/mk/bench.kunitconfig

BUILD_DEPS := linux-source-6.12 gcc make libc6-dev flex bison bc python3 \
	perl patch xz-utils

.PHONY: all deps tree test bench clean distclean
all: test

deps:
	@mk/deps.sh $(BUILD_DEPS)

$(PRISTINE)/.stamp: | deps
	@echo "objres: extracting $(KSRC_TAR)"
	@rm -rf $(BUILD)/pristine && mkdir -p $(BUILD)/pristine
	@tar -C $(BUILD)/pristine -xf $(KSRC_TAR)
	@touch $@

$(KTREE)/.stamp: $(PRISTINE)/.stamp
	@echo "objres: copying the pristine tree to $(KTREE)"
	@rm -rf $(KTREE) && cp -a $(PRISTINE) $(KTREE)
	@touch $@

tree: $(KTREE)/.stamp
	@mk/sync-tree.sh $(CURDIR) $(PRISTINE) $(KTREE)

test: tree
	@mk/kunit.sh $(KTREE) $(KUNIT_BUILD) $(KUNITCONFIG)

bench: tree
	@mk/bench.sh $(KTREE) $(BENCH_BUILD) $(BENCH_KUNITCONFIG)

clean:
	rm -rf $(KUNIT_BUILD) $(BENCH_BUILD)

distclean:
	rm -rf $(BUILD)
