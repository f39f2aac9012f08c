// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for drmm_ on objres: the behaviours that 6.12's own list got
 * wrong, and the functions objres adds.
 */

#include <drm/drm_drv.h>
#include <drm/drm_kunit_helpers.h>
#include <drm/drm_managed.h>

#include <kunit/test.h>

#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/string.h>

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
	drmm_kfree(priv->drm, plain);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(plain, 0x77, 16));
}

static void drm_test_managed_mutex_init(struct kunit *test)
{
	struct drmm_test_priv *priv = test->priv;

	KUNIT_ASSERT_EQ(test, drmm_mutex_init(priv->drm, &priv->lock), 0);
	mutex_lock(&priv->lock);
	mutex_unlock(&priv->lock);

	drmm_test_final_put(test);
#ifdef CONFIG_DEBUG_MUTEXES
	/* mutex_destroy() clears the debug magic. */
	KUNIT_EXPECT_NULL(test, priv->lock.magic);
#else
	kunit_skip(test, "mutex_destroy() is observable with CONFIG_DEBUG_MUTEXES");
#endif
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
