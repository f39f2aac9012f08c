// SPDX-License-Identifier: GPL-2.0
/*
 * devm_ benchmarks, against bare kmalloc()/kfree() in the same boot.
 *
 * Only the public devres API of 6.12 is used, so that this file builds and
 * measures the same things on an unpatched kernel and on one whose devres
 * is a wrapper over objres: each boot gives its own ratios, and the ratios
 * of two boots can be compared.
 *
 * The release of every managed resource of a device, devres_release_all(),
 * is not exported: it runs when a driver unbinds. The add-and-release cases
 * bind a platform device to a driver that does nothing, allocate with
 * devm_kmalloc(), and time the allocations plus device_release_driver(),
 * the whole unbind: nothing is subtracted from it. An unbind with no
 * resources is timed on its own. The devres part of an unbind,
 * devres_release_all() on the bound device, is timed alone where the suite
 * is built in (the function is the driver core's, not exported), and so is
 * the release of the same resources through a devres group.
 *
 * Each figure is printed as a KUnit diagnostic line "bench: <name> <value>";
 * times are in ns per resource, the best of several rounds (and their
 * median, "_median_ns"); ratios are printed in hundredths.
 */

#include <kunit/resource.h>
#include <kunit/test.h>

#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/platform_device.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>

/* devres_release_all(), which the driver core calls at every unbind. */
#include "../../drivers/base/base.h"

#define DEVM_BENCH_ROUNDS	11
/* Resources per timed run: small N is repeated to reach it ... */
#define DEVM_BENCH_WORK		20000
/* ... but never more unbinds than this per timed run. */
#define DEVM_BENCH_UNBINDS	2000
#define DEVM_BENCH_MAX_N	10000
#define DEVM_BENCH_KFREE_ROUNDS	3

/**
 * struct devm_bench - state of one benchmark case
 * @test: the running test
 * @pdev: platform device that the benchmark driver binds to
 * @bound: whether @pdev is bound to the benchmark driver
 * @ptrs: allocations of one run
 * @order: order in which the kfree cases free @ptrs
 */
struct devm_bench {
	struct kunit *test;
	struct platform_device *pdev;
	bool bound;
	void **ptrs;
	unsigned int *order;
};

static int devm_bench_probe(struct platform_device *pdev)
{
	/* A driver that owns nothing: the unbind releases what the bench adds. */
	return 0;
}

static struct platform_driver devm_bench_driver = {
	.probe = devm_bench_probe,
	.driver = {
		.name = "devm-bench",
	},
};

KUNIT_DEFINE_ACTION_WRAPPER(devm_bench_driver_unregister,
			    platform_driver_unregister, struct platform_driver *);
KUNIT_DEFINE_ACTION_WRAPPER(devm_bench_device_unregister,
			    platform_device_unregister, struct platform_device *);

static void devm_bench_report(struct kunit *test, const char *name,
			      unsigned long long value)
{
	kunit_info(test, "bench: %s %llu\n", name, value);
}

static void devm_bench_report_ratio(struct kunit *test, const char *name,
				    u64 num, u64 den)
{
	u64 hundredths = den ? div64_u64(num * 100 + den / 2, den) : 0;

	kunit_info(test, "bench: %s %llu.%02llu\n", name, hundredths / 100,
		   hundredths % 100);
}

static int devm_bench_init(struct kunit *test)
{
	struct platform_device *pdev;
	struct devm_bench *b;
	int ret;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->test = test;
	b->ptrs = kunit_kcalloc(test, DEVM_BENCH_MAX_N, sizeof(*b->ptrs),
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->ptrs);
	b->order = kunit_kcalloc(test, DEVM_BENCH_MAX_N, sizeof(*b->order),
				 GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->order);

	ret = platform_driver_register(&devm_bench_driver);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = kunit_add_action_or_reset(test, devm_bench_driver_unregister,
					&devm_bench_driver);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* Registered after its driver, so it is bound when this returns. */
	pdev = platform_device_register_simple("devm-bench", PLATFORM_DEVID_NONE,
					       NULL, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	ret = kunit_add_action_or_reset(test, devm_bench_device_unregister,
					pdev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_PTR_EQ(test, pdev->dev.driver,
			    &devm_bench_driver.driver);
	b->pdev = pdev;
	b->bound = true;

	test->priv = b;
	return 0;
}

/* Bind the device to the benchmark driver unless it is bound. */
static int devm_bench_bind(struct devm_bench *b)
{
	int ret;

	if (b->bound)
		return 0;
	ret = device_attach(&b->pdev->dev);
	if (ret < 0)
		return ret;
	if (ret != 1)
		return -ENODEV;
	b->bound = true;
	return 0;
}

static void devm_bench_unbind(struct devm_bench *b)
{
	device_release_driver(&b->pdev->dev);
	b->bound = false;
}

enum devm_bench_kind {
	BENCH_UNBIND, BENCH_RELEASE_ALL, BENCH_GROUP, BENCH_BARE, BENCH_KINDS
};

/*
 * Time @cycles runs of: add @n allocations of @size (@n may be 0), then
 * release them all, in ns for all cycles.
 *
 * BENCH_UNBIND binds the device before each cycle, untimed, and times the
 * allocations and the unbind that releases them. BENCH_RELEASE_ALL releases
 * them with devres_release_all(), BENCH_GROUP with devres_release_group(),
 * BENCH_BARE with kfree(), newest first as the managed releases go; those
 * are timed as a whole.
 */
static int devm_bench_run(struct devm_bench *b, enum devm_bench_kind k,
			  unsigned int n, size_t size, unsigned int cycles,
			  u64 *ns)
{
	struct device *dev = &b->pdev->dev;
	unsigned int c, i;
	u64 start = 0;
	void *grp;
	int ret;

	*ns = 0;
	if (k != BENCH_UNBIND) {
		ret = devm_bench_bind(b);
		if (ret)
			return ret;
		start = ktime_get_ns();
	}

	for (c = 0; c < cycles; c++) {
		grp = NULL;
		if (k == BENCH_UNBIND) {
			ret = devm_bench_bind(b);
			if (ret)
				return ret;
			start = ktime_get_ns();
		} else if (k == BENCH_GROUP) {
			grp = devres_open_group(dev, NULL, GFP_KERNEL);
			if (!grp)
				return -ENOMEM;
		}

		ret = 0;
		for (i = 0; i < n; i++) {
			b->ptrs[i] = k == BENCH_BARE ? kmalloc(size, GFP_KERNEL) :
				     devm_kmalloc(dev, size, GFP_KERNEL);
			if (!b->ptrs[i]) {
				ret = -ENOMEM;
				break;
			}
		}

		switch (k) {
		case BENCH_UNBIND:
			devm_bench_unbind(b);
			*ns += ktime_get_ns() - start;
			break;
		case BENCH_RELEASE_ALL:
#if IS_BUILTIN(CONFIG_DEVM_KUNIT_BENCH)
			devres_release_all(dev);
#else
			return -EOPNOTSUPP;
#endif
			break;
		case BENCH_GROUP:
			devres_release_group(dev, grp);
			break;
		default:
			while (i-- > 0)
				kfree(b->ptrs[i]);
			break;
		}
		if (ret)
			return ret;
	}

	if (k != BENCH_UNBIND)
		*ns = ktime_get_ns() - start;
	return 0;
}

static unsigned int devm_bench_cycles(enum devm_bench_kind k, unsigned int n)
{
	unsigned int cycles = max(1U, DEVM_BENCH_WORK / max(n, 1U));

	return k == BENCH_UNBIND ? min(cycles, DEVM_BENCH_UNBINDS) : cycles;
}

static int devm_bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/**
 * struct devm_bench_stat - per-round times of one kind, in ns per unit
 * @ns: one time per round, sorted by devm_bench_stat_sort()
 * @rounds: rounds recorded
 */
struct devm_bench_stat {
	u64 ns[DEVM_BENCH_ROUNDS];
	unsigned int rounds;
};

static void devm_bench_stat_sort(struct devm_bench_stat *s)
{
	sort(s->ns, s->rounds, sizeof(s->ns[0]), devm_bench_cmp_u64, NULL);
}

/* Time, in ns per resource (per cycle if @n is 0), of one round. */
static u64 devm_bench_round(struct devm_bench *b, enum devm_bench_kind k,
			    unsigned int n, size_t size)
{
	unsigned int cycles = devm_bench_cycles(k, n);
	u64 ns;

	KUNIT_ASSERT_EQ(b->test, devm_bench_run(b, k, n, size, cycles, &ns), 0);
	return div64_u64(ns, (u64)cycles * max(n, 1U));
}

/**
 * struct devm_bench_case - one add-and-release case
 * @n: resources per device
 * @size: bytes per allocation
 * @desc: name of the case in the KUnit output
 */
struct devm_bench_case {
	unsigned int n;
	size_t size;
	const char *desc;
};

static const struct devm_bench_case devm_bench_cases[] = {
	{ 1, 8, "kmalloc 8 N=1" }, { 100, 8, "kmalloc 8 N=100" },
	{ 10000, 8, "kmalloc 8 N=10000" },
	{ 1, 64, "kmalloc 64 N=1" }, { 100, 64, "kmalloc 64 N=100" },
	{ 10000, 64, "kmalloc 64 N=10000" },
	{ 1, 200, "kmalloc 200 N=1" }, { 100, 200, "kmalloc 200 N=100" },
	{ 10000, 200, "kmalloc 200 N=10000" },
};

KUNIT_ARRAY_PARAM_DESC(devm_bench_case, devm_bench_cases, desc);

static const char * const devm_bench_kind_name[] = {
	[BENCH_UNBIND] = "devm",
	[BENCH_RELEASE_ALL] = "devm_release_all",
	[BENCH_GROUP] = "devm_group",
	[BENCH_BARE] = "devm_bare",
};

static void devm_bench_add_release(struct kunit *test)
{
	const struct devm_bench_case *bc = test->param_value;
	struct devm_bench_stat stat[BENCH_KINDS] = {};
	struct devm_bench *b = test->priv;
	enum devm_bench_kind k;
	char name[64];
	int round;

	/* An untimed round first, so that no kind pays for new slabs alone. */
	for (k = 0; k < BENCH_KINDS; k++)
		devm_bench_round(b, k, bc->n, bc->size);
	/* Interleaved rounds, so that drift hits every kind alike. */
	for (round = 0; round < DEVM_BENCH_ROUNDS; round++)
		for (k = 0; k < BENCH_KINDS; k++)
			stat[k].ns[stat[k].rounds++] =
				devm_bench_round(b, k, bc->n, bc->size);

	for (k = 0; k < BENCH_KINDS; k++) {
		devm_bench_stat_sort(&stat[k]);
		snprintf(name, sizeof(name), "%s_kmalloc_%zu_n%u_ns",
			 devm_bench_kind_name[k], bc->size, bc->n);
		devm_bench_report(test, name, stat[k].ns[0]);
		snprintf(name, sizeof(name), "%s_kmalloc_%zu_n%u_median_ns",
			 devm_bench_kind_name[k], bc->size, bc->n);
		devm_bench_report(test, name,
				  stat[k].ns[DEVM_BENCH_ROUNDS / 2]);
	}
	snprintf(name, sizeof(name), "devm_ratio_kmalloc_%zu_n%u", bc->size,
		 bc->n);
	devm_bench_report_ratio(test, name, stat[BENCH_UNBIND].ns[0],
				stat[BENCH_BARE].ns[0]);
	snprintf(name, sizeof(name), "devm_ratio_release_all_kmalloc_%zu_n%u",
		 bc->size, bc->n);
	devm_bench_report_ratio(test, name, stat[BENCH_RELEASE_ALL].ns[0],
				stat[BENCH_BARE].ns[0]);
	snprintf(name, sizeof(name), "devm_ratio_group_kmalloc_%zu_n%u",
		 bc->size, bc->n);
	devm_bench_report_ratio(test, name, stat[BENCH_GROUP].ns[0],
				stat[BENCH_BARE].ns[0]);
}

/* What an unbind costs with no managed resource, and a clock read pair. */
static void devm_bench_unbind_empty(struct kunit *test)
{
	struct devm_bench_stat stat = {};
	struct devm_bench *b = test->priv;
	unsigned int i;
	u64 start, ns;
	int round;

	devm_bench_round(b, BENCH_UNBIND, 0, 0);
	for (round = 0; round < DEVM_BENCH_ROUNDS; round++)
		stat.ns[stat.rounds++] = devm_bench_round(b, BENCH_UNBIND, 0, 0);
	devm_bench_stat_sort(&stat);
	/* What every device carries for devres, on either tree. */
	devm_bench_report(test, "devm_struct_device_bytes",
			  sizeof(struct device));
	devm_bench_report(test, "devm_unbind_empty_ns", stat.ns[0]);
	devm_bench_report(test, "devm_unbind_empty_median_ns",
			  stat.ns[DEVM_BENCH_ROUNDS / 2]);

	/* Each timed unbind cycle reads the clock twice: what that costs. */
	start = ktime_get_ns();
	for (i = 0; i < DEVM_BENCH_UNBINDS; i++) {
		ns = ktime_get_ns();
		ns = ktime_get_ns() - ns;
		barrier_data(&ns);
	}
	ns = ktime_get_ns() - start;
	devm_bench_report(test, "devm_clock_pair_ns",
			  div64_u64(ns, DEVM_BENCH_UNBINDS));
}

enum devm_bench_order { ORDER_OLDEST, ORDER_NEWEST, ORDER_RANDOM };

static const char * const devm_bench_order_name[] = {
	[ORDER_OLDEST] = "oldest_first",
	[ORDER_NEWEST] = "newest_first",
	[ORDER_RANDOM] = "random",
};

static void devm_bench_set_order(struct devm_bench *b, unsigned int n,
				 enum devm_bench_order order)
{
	struct rnd_state rnd;
	unsigned int i, j;

	prandom_seed_state(&rnd, 42);
	for (i = 0; i < n; i++)
		b->order[i] = order == ORDER_NEWEST ? n - 1 - i : i;
	if (order != ORDER_RANDOM)
		return;
	for (i = n - 1; i > 0; i--) {
		j = prandom_u32_state(&rnd) % (i + 1);
		swap(b->order[i], b->order[j]);
	}
}

/* Time freeing @n allocations of 16 bytes one by one in the order set. */
static u64 devm_bench_kfree_time(struct devm_bench *b, bool devm,
				 unsigned int n)
{
	struct device *dev = &b->pdev->dev;
	unsigned int i;
	u64 start;

	KUNIT_ASSERT_EQ(b->test, devm_bench_bind(b), 0);
	for (i = 0; i < n; i++) {
		b->ptrs[i] = devm ? devm_kmalloc(dev, 16, GFP_KERNEL) :
				    kmalloc(16, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(b->test, b->ptrs[i]);
	}

	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		if (devm)
			devm_kfree(dev, b->ptrs[b->order[i]]);
		else
			kfree(b->ptrs[b->order[i]]);
	}
	return ktime_get_ns() - start;
}

static void devm_bench_kfree_order(struct kunit *test)
{
	struct devm_bench *b = test->priv;
	const unsigned int n = DEVM_BENCH_MAX_N;
	enum devm_bench_order order;
	u64 devm, bare;
	char name[64];
	int round;

	for (order = ORDER_OLDEST; order <= ORDER_RANDOM; order++) {
		devm_bench_set_order(b, n, order);
		devm = U64_MAX;
		bare = U64_MAX;
		for (round = 0; round < DEVM_BENCH_KFREE_ROUNDS; round++) {
			devm = min(devm, devm_bench_kfree_time(b, true, n));
			bare = min(bare, devm_bench_kfree_time(b, false, n));
		}
		snprintf(name, sizeof(name), "devm_kfree_%s_n%u_ns",
			 devm_bench_order_name[order], n);
		devm_bench_report(test, name, div64_u64(devm, n));
		snprintf(name, sizeof(name), "devm_bare_kfree_%s_n%u_ns",
			 devm_bench_order_name[order], n);
		devm_bench_report(test, name, div64_u64(bare, n));
		snprintf(name, sizeof(name), "devm_ratio_kfree_%s_n%u",
			 devm_bench_order_name[order], n);
		devm_bench_report_ratio(test, name, devm, bare);
	}
}

static struct kunit_case devm_bench_test_cases[] = {
	KUNIT_CASE_PARAM(devm_bench_add_release, devm_bench_case_gen_params),
	KUNIT_CASE(devm_bench_unbind_empty),
	KUNIT_CASE(devm_bench_kfree_order),
	{}
};

static struct kunit_suite devm_bench_suite = {
	.name = "devm_bench",
	.init = devm_bench_init,
	.test_cases = devm_bench_test_cases,
};

kunit_test_suite(devm_bench_suite);

MODULE_DESCRIPTION("devm_ benchmarks against bare kmalloc");
MODULE_LICENSE("GPL");
