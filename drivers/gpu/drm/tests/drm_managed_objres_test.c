// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for drmm_ on objres: the behaviours that 6.12's own list got
 * wrong, and the functions objres adds.
 */

#include <drm/drm_drv.h>
#include <drm/drm_kunit_helpers.h>
#include <drm/drm_managed.h>

#include <kunit/test.h>

#include <linux/cache.h>
#include <linux/device.h>
#include <linux/kallsyms.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <trace/events/kmem.h>

#define DRMM_TEST_LOG	16

struct drmm_test_priv {
	struct device *parent;
	struct drm_device *drm;
	/* ids of the actions that ran, in order; outlives the drm_device */
	int log[DRMM_TEST_LOG];
	unsigned int nlog;
	struct mutex lock; /* for drmm_mutex_init() */
};

struct drmm_test_rec {
	struct drmm_test_priv *priv;
	int id;
};

static void drmm_test_note(struct drmm_test_priv *priv, int id)
{
	if (priv->nlog < DRMM_TEST_LOG)
		priv->log[priv->nlog++] = id;
}

/* The drm_device, embedded so that actions can find the test's state. */
struct drmm_test_container {
	struct drm_device drm;
	struct drmm_test_priv *priv;
};

/* Records the id of @data, or 0 for NULL data. */
static void drmm_test_record(struct drm_device *drm, void *data)
{
	struct drmm_test_container *c = container_of(drm,
						     struct drmm_test_container,
						     drm);
	struct drmm_test_rec *rec = data;

	drmm_test_note(c->priv, rec ? rec->id : 0);
}

static struct drmm_test_rec *drmm_test_rec(struct kunit *test, int id)
{
	struct drmm_test_rec *rec;

	rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->priv = test->priv;
	rec->id = id;
	return rec;
}

static void drmm_test_expect_log(struct kunit *test, const int *expected,
				 unsigned int n)
{
	struct drmm_test_priv *priv = test->priv;

	KUNIT_ASSERT_EQ(test, priv->nlog, n);
	KUNIT_EXPECT_MEMEQ(test, priv->log, expected, n * sizeof(*expected));
}

#define DRMM_EXPECT_LOG(test, ...)					\
	drmm_test_expect_log(test, (const int[]){ __VA_ARGS__ },	\
			     sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

/* Unbind the parent: devm_drm_dev_alloc()'s reference is the last one. */
static void drmm_test_final_put(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;

	drm_kunit_helper_free_device(test, priv->parent);
	priv->drm = NULL;
}

static int drmm_test_init(struct kunit *test)
{
	struct drmm_test_container *c;
	struct drmm_test_priv *priv;

	priv = kunit_kzalloc(test, sizeof(*priv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, priv);

	priv->parent = drm_kunit_helper_alloc_device(test);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, priv->parent);

	c = drm_kunit_helper_alloc_drm_device(test, priv->parent,
					      struct drmm_test_container, drm,
					      DRIVER_MODESET);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	c->priv = priv;
	priv->drm = &c->drm;

	test->priv = priv;
	return 0;
}

/*
 * 6.12 took a NULL @data as "any data" and released the oldest action of
 * the function (here 1) instead of the one added with NULL.
 */
static void drm_test_managed_release_action_null_is_exact(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	int ret;

	ret = drmm_add_action(priv->drm, drmm_test_record, drmm_test_rec(test, 1));
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = drmm_add_action(priv->drm, drmm_test_record, NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = drmm_add_action(priv->drm, drmm_test_record, drmm_test_rec(test, 2));
	KUNIT_ASSERT_EQ(test, ret, 0);

	drmm_release_action(priv->drm, drmm_test_record, NULL);
	DRMM_EXPECT_LOG(test, 0);

	drmm_test_final_put(test);
	DRMM_EXPECT_LOG(test, 0, 2, 1);
}

/*
 * 6.12 compared @data by reading a pointer out of every node of the same
 * function, also out of nodes added with NULL data, which have no payload:
 * a slab out-of-bounds read that KASAN reports.
 */
static void drm_test_managed_release_action_no_overread(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	struct drmm_test_rec *rec = drmm_test_rec(test, 3);
	int ret;

	ret = drmm_add_action(priv->drm, drmm_test_record, NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = drmm_add_action(priv->drm, drmm_test_record, rec);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = drmm_add_action(priv->drm, drmm_test_record, NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);

	drmm_release_action(priv->drm, drmm_test_record, rec);
	DRMM_EXPECT_LOG(test, 3);

	drmm_test_final_put(test);
	DRMM_EXPECT_LOG(test, 3, 0, 0);
}

struct drmm_test_chain {
	struct drmm_test_priv *priv;
	struct drmm_test_rec *next;
};

static void drmm_test_chain(struct drm_device *drm, void *data)
{
	struct drmm_test_chain *chain = data;

	drmm_test_note(chain->priv, 10);
	/* As if this dropped the last reference to another managed object. */
	if (drmm_add_action(drm, drmm_test_record, chain->next))
		drmm_test_note(chain->priv, -1);
}

/* 6.12 walked its list once and never ran actions added meanwhile. */
static void drm_test_managed_add_during_release(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	struct drmm_test_chain *chain;
	int ret;

	chain = kunit_kzalloc(test, sizeof(*chain), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	chain->priv = priv;
	chain->next = drmm_test_rec(test, 11);

	ret = drmm_add_action(priv->drm, drmm_test_record, drmm_test_rec(test, 1));
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = drmm_add_action(priv->drm, drmm_test_chain, chain);
	KUNIT_ASSERT_EQ(test, ret, 0);

	drmm_test_final_put(test);
	DRMM_EXPECT_LOG(test, 10, 11, 1);
}

static void drm_test_managed_release_order(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	int i, ret;

	for (i = 1; i <= 4; i++) {
		ret = drmm_add_action_or_reset(priv->drm, drmm_test_record,
					       drmm_test_rec(test, i));
		KUNIT_ASSERT_EQ(test, ret, 0);
		KUNIT_ASSERT_NOT_NULL(test, drmm_kzalloc(priv->drm, 16,
							 GFP_KERNEL));
	}

	drmm_test_final_put(test);
	DRMM_EXPECT_LOG(test, 4, 3, 2, 1);
}

static void drm_test_managed_remove_action(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	struct drmm_test_rec *rec = drmm_test_rec(test, 1);
	int ret;

	ret = drmm_add_action(priv->drm, drmm_test_record, rec);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = drmm_add_action(priv->drm, drmm_test_record, drmm_test_rec(test, 2));
	KUNIT_ASSERT_EQ(test, ret, 0);

	drmm_remove_action(priv->drm, drmm_test_record, rec);
	KUNIT_EXPECT_EQ(test, priv->nlog, 0);

	drmm_test_final_put(test);
	DRMM_EXPECT_LOG(test, 2);
}

static void drm_test_managed_krealloc(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	u8 *p, *q;
	int i;

	p = drmm_kmalloc(priv->drm, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < 8; i++)
		p[i] = i + 1;

	q = drmm_krealloc(priv->drm, p, 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, q[i], i + 1);
	memset(q + 8, 0, 1024 - 8);

	/* Freeing the old pointer now would be a double free: it warns. */
	if (p != q)
		drmm_kfree(priv->drm, p);
	drmm_kfree(priv->drm, q);
}

static void drm_test_managed_kmemdup(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	static const u8 src[] = { 0xde, 0xad, 0xbe, 0xef };
	u8 *copy;

	copy = drmm_kmemdup(priv->drm, src, sizeof(src), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_PTR_NE(test, (const u8 *)copy, &src[0]);
	KUNIT_EXPECT_EQ(test, memcmp(copy, src, sizeof(src)), 0);
}

static void drm_test_managed_kfree_foreign(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	u8 *plain;

	plain = kunit_kmalloc(test, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	memset(plain, 0x77, 16);

	/* Misuse: warns and leaves the memory alone (KASAN would see a free). */
	kunit_info(test, "expect WARN at drivers/base/objres.c\n");
	drmm_kfree(priv->drm, plain);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(plain, 0x77, 16));
}

static void drm_test_managed_mutex_init(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;

	KUNIT_ASSERT_EQ(test, drmm_mutex_init(priv->drm, &priv->lock), 0);
	mutex_lock(&priv->lock);
	mutex_unlock(&priv->lock);
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	/* As 6.12 named it: after the caller's expression. */
	KUNIT_EXPECT_STREQ(test, priv->lock.dep_map.name, "&priv->lock");
#endif

	drmm_test_final_put(test);
#ifdef CONFIG_DEBUG_MUTEXES
	/* mutex_destroy() clears the debug magic. */
	KUNIT_EXPECT_NULL(test, priv->lock.magic);
#else
	kunit_skip(test, "mutex_destroy() is observable with CONFIG_DEBUG_MUTEXES");
#endif
}

struct drmm_test_kmalloc_event {
	struct task_struct *task;
	const void *ptr;
	size_t bytes;
	unsigned long call_site;
	int node;
};

/* Notes the last kmalloc() of the task under test. */
static void drmm_test_probe_kmalloc(void *data, unsigned long call_site,
				    const void *ptr, size_t bytes_req,
				    size_t bytes_alloc, gfp_t gfp, int node)
{
	struct drmm_test_kmalloc_event *ev = data;

	if (current != ev->task)
		return;
	ev->ptr = ptr;
	ev->bytes = bytes_alloc;
	ev->call_site = call_site;
	ev->node = node;
}

/*
 * As in 6.12, drmm_kmalloc() memory comes from the parent device's NUMA
 * node and is charged to drmm_kmalloc()'s caller (slab debugging, the
 * kmalloc trace event), not to drmm_kmalloc() itself.
 */
static void drm_test_managed_kmalloc_caller_node(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;
	struct drmm_test_kmalloc_event ev = { .task = current };
	char name[KSYM_SYMBOL_LEN];
	void *p;

	KUNIT_ASSERT_EQ(test, register_trace_kmalloc(drmm_test_probe_kmalloc,
						     &ev), 0);
	p = drmm_kmalloc(priv->drm, 40, GFP_KERNEL);
	unregister_trace_kmalloc(drmm_test_probe_kmalloc, &ev);
	tracepoint_synchronize_unregister();

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, ev.ptr <= p && p < ev.ptr + ev.bytes);
	KUNIT_EXPECT_EQ(test, ev.node, dev_to_node(priv->drm->dev));
	if (!IS_ENABLED(CONFIG_KALLSYMS))
		kunit_skip(test, "caller names need CONFIG_KALLSYMS");
	snprintf(name, sizeof(name), "%ps", (void *)ev.call_site);
	KUNIT_EXPECT_STREQ(test, name, __func__);
}

/*
 * drmm_kmalloc() memory may be used for DMA as 6.12's was: aligned to
 * ARCH_DMA_MINALIGN, and to the largest power of two dividing its size up
 * to a cache line, as kmalloc() memory of that size.
 */
static void drm_test_managed_kmalloc_aligned(struct kunit *test)
{
	static const size_t sizes[] = { 16, 64, 2 * ARCH_DMA_MINALIGN, 31 };
	struct drmm_test_priv *priv = test->priv;
	size_t align;
	unsigned int i;
	void *p;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		align = min_t(size_t, sizes[i] & -sizes[i], SMP_CACHE_BYTES);
		align = max_t(size_t, align, ARCH_KMALLOC_MINALIGN);
		if (sizes[i] % ARCH_DMA_MINALIGN == 0)
			align = max_t(size_t, align, ARCH_DMA_MINALIGN);
		p = drmm_kmalloc(priv->drm, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED((unsigned long)p, align),
				      "%zu bytes: %lu past a %zu-byte boundary",
				      sizes[i], (unsigned long)p % align, align);
		drmm_kfree(priv->drm, p);
	}
}

static struct kunit_case drmm_test_cases[] = {
	KUNIT_CASE(drm_test_managed_release_action_null_is_exact),
	KUNIT_CASE(drm_test_managed_release_action_no_overread),
	KUNIT_CASE(drm_test_managed_add_during_release),
	KUNIT_CASE(drm_test_managed_release_order),
	KUNIT_CASE(drm_test_managed_remove_action),
	KUNIT_CASE(drm_test_managed_krealloc),
	KUNIT_CASE(drm_test_managed_kmemdup),
	KUNIT_CASE(drm_test_managed_kfree_foreign),
	KUNIT_CASE(drm_test_managed_mutex_init),
	KUNIT_CASE(drm_test_managed_kmalloc_caller_node),
	KUNIT_CASE(drm_test_managed_kmalloc_aligned),
	{}
};

static struct kunit_suite drmm_test_suite = {
	.name = "drm_managed_objres",
	.init = drmm_test_init,
	.test_cases = drmm_test_cases,
};

kunit_test_suite(drmm_test_suite);

MODULE_DESCRIPTION("KUnit tests for drmm_ on objres");
MODULE_LICENSE("GPL");
