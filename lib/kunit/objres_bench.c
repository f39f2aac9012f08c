// SPDX-License-Identifier: GPL-2.0
/*
 * objres benchmarks: objres against devres, bare kmalloc()/kfree() and the
 * floor of a managed allocation, all measured in the same boot so that every
 * figure is read as a ratio.
 *
 * Each figure is printed as a KUnit diagnostic line "bench: <name> <value>";
 * times are the best of several rounds, in ns per resource; ratios are
 * printed in hundredths.
 */

#include <kunit/device.h>
#include <kunit/test.h>

#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/llist.h>
#include <linux/objres.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>

#define OBJRES_BENCH_ROUNDS	15
/* Resources per timed run: small N is repeated to reach it. */
#define OBJRES_BENCH_WORK	20000

struct objres_bench {
	struct kunit *test;
	struct device *dev;
	struct objres_head head;
	struct llist_head floor;
	void **ptrs;
	unsigned int *order;
};

static void objres_bench_report(struct kunit *test, const char *name,
				unsigned long long value)
{
	kunit_info(test, "bench: %s %llu\n", name, value);
}

static void objres_bench_report_ratio(struct kunit *test, const char *name,
				      u64 num, u64 den)
{
	u64 hundredths = den ? div64_u64(num * 100 + den / 2, den) : 0;

	kunit_info(test, "bench: %s %llu.%02llu\n", name, hundredths / 100,
		   hundredths % 100);
}

static int objres_bench_init(struct kunit *test)
{
	struct objres_bench *b;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->test = test;
	b->dev = kunit_device_register(test, "objres-bench");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b->dev);
	b->ptrs = kunit_kcalloc(test, 10000, sizeof(*b->ptrs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->ptrs);
	b->order = kunit_kcalloc(test, 10000, sizeof(*b->order), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->order);
	test->priv = b;
	return 0;
}

/*
 * BENCH_FLOOR is the least that a managed allocation with objres's features
 * can cost: a kfree() that finds and checks its allocation in constant time
 * needs a header of three words (two to unlink, one naming the owner), and
 * adders on other CPUs or in interrupts need one atomic instruction to link
 * it. The floor is a bare allocation of payload plus header, linked with
 * that instruction, released with no unlinking and no code around it. What
 * it costs over bare is the header's slab size class; objres over floor is
 * objres's own code.
 */
/* The header of a managed allocation whose payload needs no padding. */
static const size_t objres_bench_header = sizeof(struct objres_mem);

enum objres_bench_kind {
	BENCH_OBJRES, BENCH_DEVRES, BENCH_BARE, BENCH_FLOOR, BENCH_KINDS
};

static const char * const objres_bench_kind_name[] = {
	[BENCH_OBJRES] = "objres",
	[BENCH_DEVRES] = "devres",
	[BENCH_BARE] = "bare",
	[BENCH_FLOOR] = "floor",
};

/* One atomic exchange, as objres links an entry; inline, unlike llist_add(). */
static inline void objres_bench_push(struct llist_head *list,
				     struct llist_node *node)
{
	struct llist_node *first = READ_ONCE(list->first);

	do {
		node->next = first;
	} while (!try_cmpxchg(&list->first, &first, node));
}

/* Free what was pushed, as a release-all that needs no atomic would. */
static void objres_bench_floor_release(struct objres_bench *b)
{
	struct llist_node *node = b->floor.first, *next;

	b->floor.first = NULL;
	for (; node; node = next) {
		next = node->next;
		kfree(node);
	}
}

static void objres_bench_noop(void *data)
{
	/* The cheapest action: what is measured is the bookkeeping. */
	barrier_data(data);
}

/* One cycle: add @n resources of @size (0 for actions), then release all. */
static int objres_bench_cycle(struct objres_bench *b, enum objres_bench_kind k,
			      unsigned int n, size_t size)
{
	void *grp = NULL;
	unsigned int i;

	if (k == BENCH_OBJRES)
		objres_head_init(&b->head, NULL);
	if (k == BENCH_DEVRES) {
		/* devres has no exported release-all: a group is the closest. */
		grp = devres_open_group(b->dev, NULL, GFP_KERNEL);
		if (!grp)
			return -ENOMEM;
	}

	for (i = 0; i < n; i++) {
		void *p = NULL;
		int ret = 0;

		switch (k) {
		case BENCH_OBJRES:
			if (size)
				p = objres_kmalloc(&b->head, size, GFP_KERNEL);
			else
				ret = objres_add_action(&b->head,
							objres_bench_noop, b);
			break;
		case BENCH_DEVRES:
			if (size)
				p = devm_kmalloc(b->dev, size, GFP_KERNEL);
			else
				ret = devm_add_action(b->dev, objres_bench_noop,
						      b);
			break;
		case BENCH_FLOOR:
			p = kmalloc(objres_bench_header + size, GFP_KERNEL);
			if (p)
				objres_bench_push(&b->floor, p);
			break;
		default:
			p = kmalloc(size, GFP_KERNEL);
			b->ptrs[i] = p;
			break;
		}
		if ((size && !p) || ret)
			return -ENOMEM;
	}

	switch (k) {
	case BENCH_OBJRES:
		objres_release_all(&b->head);
		break;
	case BENCH_DEVRES:
		devres_release_group(b->dev, grp);
		break;
	case BENCH_FLOOR:
		objres_bench_floor_release(b);
		break;
	default:
		/* Newest first, as the managed releases go. */
		for (i = n; i-- > 0;)
			kfree(b->ptrs[i]);
		break;
	}
	return 0;
}

/* Best time, in ns per resource, of @k adding and releasing @n at a time. */
static u64 objres_bench_time(struct objres_bench *b, enum objres_bench_kind k,
			     unsigned int n, size_t size, u64 *best)
{
	unsigned int cycles = max(1U, OBJRES_BENCH_WORK / n), c;
	u64 start, ns;

	start = ktime_get_ns();
	for (c = 0; c < cycles; c++)
		KUNIT_ASSERT_EQ(b->test, objres_bench_cycle(b, k, n, size), 0);
	ns = ktime_get_ns() - start;

	*best = min(*best, ns);
	return div64_u64(*best, (u64)cycles * n);
}

struct objres_bench_case {
	unsigned int n;
	size_t size;
	const char *desc;
};

static const struct objres_bench_case objres_bench_cases[] = {
	{ 1, 8, "kmalloc 8 N=1" }, { 100, 8, "kmalloc 8 N=100" },
	{ 10000, 8, "kmalloc 8 N=10000" },
	{ 1, 64, "kmalloc 64 N=1" }, { 100, 64, "kmalloc 64 N=100" },
	{ 10000, 64, "kmalloc 64 N=10000" },
	{ 1, 200, "kmalloc 200 N=1" }, { 100, 200, "kmalloc 200 N=100" },
	{ 10000, 200, "kmalloc 200 N=10000" },
	{ 1, 0, "action N=1" }, { 100, 0, "action N=100" },
	{ 10000, 0, "action N=10000" },
};

KUNIT_ARRAY_PARAM_DESC(objres_bench_case, objres_bench_cases, desc);

static void objres_bench_add_release(struct kunit *test)
{
	const struct objres_bench_case *bc = test->param_value;
	struct objres_bench *b = test->priv;
	u64 best[BENCH_KINDS] = { U64_MAX, U64_MAX, U64_MAX, U64_MAX };
	u64 per[BENCH_KINDS] = {};
	enum objres_bench_kind k, last;
	char name[48];
	u64 warmup;
	int round;

	last = bc->size ? BENCH_FLOOR : BENCH_DEVRES;
	/* An untimed round first, so that no kind pays for new slabs alone. */
	for (k = 0; k <= last; k++) {
		warmup = U64_MAX;
		objres_bench_time(b, k, bc->n, bc->size, &warmup);
	}
	/* Interleaved rounds, so that drift hits every kind alike. */
	for (round = 0; round < OBJRES_BENCH_ROUNDS; round++)
		for (k = 0; k <= last; k++)
			per[k] = objres_bench_time(b, k, bc->n, bc->size,
						   &best[k]);

	for (k = 0; k <= last; k++) {
		snprintf(name, sizeof(name), "%s_%s_%zu_n%u_ns",
			 objres_bench_kind_name[k], bc->size ? "kmalloc" : "action",
			 bc->size, bc->n);
		objres_bench_report(test, name, per[k]);
	}
	snprintf(name, sizeof(name), "ratio_objres_devres_%s_%zu_n%u",
		 bc->size ? "kmalloc" : "action", bc->size, bc->n);
	objres_bench_report_ratio(test, name, best[BENCH_OBJRES],
				  best[BENCH_DEVRES]);
	if (bc->size) {
		snprintf(name, sizeof(name), "ratio_objres_bare_kmalloc_%zu_n%u",
			 bc->size, bc->n);
		objres_bench_report_ratio(test, name, best[BENCH_OBJRES],
					  best[BENCH_BARE]);
		snprintf(name, sizeof(name), "ratio_floor_bare_kmalloc_%zu_n%u",
			 bc->size, bc->n);
		objres_bench_report_ratio(test, name, best[BENCH_FLOOR],
					  best[BENCH_BARE]);
		snprintf(name, sizeof(name),
			 "ratio_objres_floor_kmalloc_%zu_n%u", bc->size, bc->n);
		objres_bench_report_ratio(test, name, best[BENCH_OBJRES],
					  best[BENCH_FLOOR]);
	}
}

enum objres_bench_order { ORDER_OLDEST, ORDER_NEWEST, ORDER_RANDOM };

static const char * const objres_bench_order_name[] = {
	[ORDER_OLDEST] = "oldest_first",
	[ORDER_NEWEST] = "newest_first",
	[ORDER_RANDOM] = "random",
};

static void objres_bench_set_order(struct objres_bench *b, unsigned int n,
				   enum objres_bench_order order)
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

/* Time freeing @n allocations one by one in the order set. */
static u64 objres_bench_kfree_time(struct objres_bench *b, bool devres,
				   unsigned int n)
{
	unsigned int i;
	u64 start;

	if (!devres)
		objres_head_init(&b->head, NULL);
	for (i = 0; i < n; i++) {
		b->ptrs[i] = devres ? devm_kmalloc(b->dev, 16, GFP_KERNEL) :
				      objres_kmalloc(&b->head, 16, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(b->test, b->ptrs[i]);
	}

	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		if (devres)
			devm_kfree(b->dev, b->ptrs[b->order[i]]);
		else
			objres_kfree(&b->head, b->ptrs[b->order[i]]);
	}
	start = ktime_get_ns() - start;

	if (!devres) {
		KUNIT_EXPECT_EQ(b->test, objres_count(&b->head), 0);
		objres_release_all(&b->head);
	}
	return start;
}

static void objres_bench_kfree_order(struct kunit *test)
{
	struct objres_bench *b = test->priv;
	const unsigned int n = 10000;
	enum objres_bench_order order;
	u64 objres, devres;
	char name[48];
	int round;

	for (order = ORDER_OLDEST; order <= ORDER_RANDOM; order++) {
		objres_bench_set_order(b, n, order);
		objres = U64_MAX;
		devres = U64_MAX;
		for (round = 0; round < 3; round++) {
			objres = min(objres, objres_bench_kfree_time(b, false, n));
			devres = min(devres, objres_bench_kfree_time(b, true, n));
		}
		snprintf(name, sizeof(name), "objres_kfree_%s_n%u_ns",
			 objres_bench_order_name[order], n);
		objres_bench_report(test, name, div64_u64(objres, n));
		snprintf(name, sizeof(name), "devres_kfree_%s_n%u_ns",
			 objres_bench_order_name[order], n);
		objres_bench_report(test, name, div64_u64(devres, n));
		snprintf(name, sizeof(name), "speedup_kfree_%s_n%u",
			 objres_bench_order_name[order], n);
		objres_bench_report_ratio(test, name, devres, objres);
	}
}

static void objres_bench_devres_noop(struct device *dev, void *res)
{
}

static void objres_bench_noop_node(struct objres_head *head,
				   struct objres_node *node)
{
}

static const struct objres_owner objres_bench_dma_owner = {
	.name = "objres-bench-dma",
	.dma_safe = true,
};

/* Slab bytes really used, from ksize() of the real allocations. */
static void objres_bench_slab_bytes(struct kunit *test)
{
	static const size_t sizes[] = { 8, 64, 200 };
	struct objres_bench *b = test->priv;
	struct objres_node *node;
	char name[48];
	unsigned int i;
	void *p;

	objres_head_init(&b->head, NULL);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p = objres_kzalloc(&b->head, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		snprintf(name, sizeof(name), "objres_slab_bytes_kzalloc_%zu",
			 sizes[i]);
		objres_bench_report(test, name, ksize(p));
		if (sizes[i] == 8)
			KUNIT_EXPECT_LE(test, ksize(p), 32);

		p = devm_kzalloc(b->dev, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		snprintf(name, sizeof(name), "devres_slab_bytes_kzalloc_%zu",
			 sizes[i]);
		objres_bench_report(test, name, ksize(p));
		devm_kfree(b->dev, p);
	}

	/*
	 * An action node of objres (and of drmm_/v4l2m_) is a node plus a
	 * function and its data; devm_add_action() allocates a devres of two
	 * pointers. Allocate the same sizes to read them.
	 */
	node = objres_node_alloc(sizeof(*node) + 2 * sizeof(void *),
				 objres_bench_noop_node, "bench", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, node);
	objres_bench_report(test, "objres_slab_bytes_action", ksize(node));
	objres_node_free(node);
	p = devres_alloc(objres_bench_devres_noop, 2 * sizeof(void *),
			 GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	objres_bench_report(test, "devres_slab_bytes_action", ksize(p));
	devres_free(p);

	objres_bench_report(test, "objres_header_bytes",
			    sizeof(struct objres_mem));
	objres_release_all(&b->head);

	/*
	 * What drmm_ costs: payloads DMA-safe. 6.12's drmm_kmalloc() laid its
	 * memory out as devm_kmalloc() does (a 40-byte node on 64-bit, the
	 * payload at ARCH_DMA_MINALIGN), so the devres figure above is also
	 * what 6.12's drmm_ cost on this architecture: never exceed it.
	 */
	objres_head_init(&b->head, &objres_bench_dma_owner);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t bytes;

		p = objres_kzalloc(&b->head, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		bytes = ksize(p);
		snprintf(name, sizeof(name), "dma_safe_slab_bytes_kzalloc_%zu",
			 sizes[i]);
		objres_bench_report(test, name, bytes);

		p = devm_kzalloc(b->dev, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_LE(test, bytes, ksize(p));
		devm_kfree(b->dev, p);
	}
	objres_release_all(&b->head);
	objres_bench_report(test, "arch_dma_minalign", ARCH_DMA_MINALIGN);
	objres_bench_report(test, "arch_kmalloc_minalign",
			    ARCH_KMALLOC_MINALIGN);
}

static struct kunit_case objres_bench_test_cases[] = {
	KUNIT_CASE_PARAM(objres_bench_add_release, objres_bench_case_gen_params),
	KUNIT_CASE(objres_bench_kfree_order),
	KUNIT_CASE(objres_bench_slab_bytes),
	{}
};

static struct kunit_suite objres_bench_suite = {
	.name = "objres_bench",
	.init = objres_bench_init,
	.test_cases = objres_bench_test_cases,
};

kunit_test_suite(objres_bench_suite);

MODULE_DESCRIPTION("objres benchmarks against devres and bare kmalloc");
MODULE_LICENSE("GPL");
