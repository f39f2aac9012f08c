// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for objres, resources managed by an object's lifetime.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/kasan.h>
#include <linux/kallsyms.h>
#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/objres.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include <trace/events/kmem.h>
#include <trace/events/objres.h>

#define OBJRES_TEST_LOG	32

struct objres_test_ctx {
	struct objres_head head;
	/* ids of actions and nodes, in the order they ran */
	int log[OBJRES_TEST_LOG];
	unsigned int nlog;
	/* names of what the owner's log hook saw released, in order */
	const char *rel[OBJRES_TEST_LOG];
	unsigned int nrel;
	unsigned int nadd;
	bool released;
};

struct objres_test_rec {
	struct objres_test_ctx *ctx;
	int id;
};

struct objres_test_item {
	struct objres_node node;
	struct objres_test_ctx *ctx;
	int id;
};

static void objres_test_log_hook(struct objres_head *head, const char *event,
				 const char *name, size_t size,
				 struct objres_node *node)
{
	struct objres_test_ctx *ctx = container_of(head, struct objres_test_ctx,
						   head);

	if (!strcmp(event, "ADD"))
		ctx->nadd++;
	else if (!strcmp(event, "REL") && ctx->nrel < OBJRES_TEST_LOG)
		ctx->rel[ctx->nrel++] = name;
}

static const struct objres_owner objres_test_owner = {
	.name = "objres-test",
	.log = objres_test_log_hook,
};

static void objres_test_note(struct objres_test_ctx *ctx, int id)
{
	if (ctx->nlog < OBJRES_TEST_LOG)
		ctx->log[ctx->nlog++] = id;
}

static void objres_test_record(void *data)
{
	struct objres_test_rec *rec = data;

	objres_test_note(rec->ctx, rec->id);
}

static void objres_test_record_other(void *data)
{
	struct objres_test_rec *rec = data;

	objres_test_note(rec->ctx, -rec->id);
}

static void objres_test_item_release(struct objres_head *head,
				     struct objres_node *node)
{
	struct objres_test_item *item = container_of(node,
						     struct objres_test_item,
						     node);

	objres_test_note(item->ctx, item->id);
}

static int objres_test_init(struct kunit *test)
{
	struct objres_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	objres_head_init(&ctx->head, &objres_test_owner);
	test->priv = ctx;
	return 0;
}

static void objres_test_release_all(struct objres_test_ctx *ctx)
{
	ctx->released = true;
	objres_release_all(&ctx->head);
}

static void objres_test_exit(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;

	/* Whatever a failed case left behind. */
	if (!ctx->released)
		objres_release_all(&ctx->head);
}

static struct objres_test_rec *objres_test_rec(struct kunit *test, int id)
{
	struct objres_test_rec *rec;

	rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->ctx = test->priv;
	rec->id = id;
	return rec;
}

static struct objres_test_item *objres_test_item(struct kunit *test, int id)
{
	struct objres_test_item *item;

	item = kunit_kzalloc(test, sizeof(*item), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, item);
	objres_node_init(&item->node, objres_test_item_release, "item");
	item->ctx = test->priv;
	item->id = id;
	return item;
}

static void objres_test_add(struct kunit *test, int id)
{
	struct objres_test_ctx *ctx = test->priv;
	int ret;

	ret = objres_add_action(&ctx->head, objres_test_record,
				objres_test_rec(test, id));
	KUNIT_ASSERT_EQ(test, ret, 0);
}

static void objres_test_expect_log(struct kunit *test,
				   const struct objres_test_ctx *ctx,
				   const int *expected, unsigned int n)
{
	KUNIT_ASSERT_EQ(test, ctx->nlog, n);
	KUNIT_EXPECT_MEMEQ(test, ctx->log, expected, n * sizeof(*expected));
}

/* Expect the ids that ran so far to be exactly the arguments, in order. */
#define OBJRES_EXPECT_LOG(test, ctx, ...)				\
	objres_test_expect_log(test, ctx, (const int[]){ __VA_ARGS__ },	\
			       sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

static void objres_test_expect_rel(struct kunit *test,
				   const struct objres_test_ctx *ctx,
				   const char *const *expected, unsigned int n)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, ctx->nrel, n);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_STREQ(test, ctx->rel[i], expected[i]);
}

/* Expect the owner's log hook to have seen exactly these releases. */
#define OBJRES_EXPECT_REL(test, ctx, ...)				\
	objres_test_expect_rel(test, ctx,				\
			       (const char *const[]){ __VA_ARGS__ },	\
			       sizeof((const char *const[]){ __VA_ARGS__ }) / \
			       sizeof(const char *))

/*
 * Make the next fault-injectable slab allocation of this task fail for real.
 * Only allocations that cannot reclaim are subject to failslab by default,
 * so callers pass GFP_NOWAIT.
 */
static void objres_test_fail_next_alloc(struct kunit *test)
{
#ifdef CONFIG_FAILSLAB
	current->fail_nth = 1;
#else
	kunit_skip(test, "needs CONFIG_FAILSLAB");
#endif
}

/* Reset fault injection; true if the failure was consumed. */
static bool objres_test_failure_consumed(void)
{
#ifdef CONFIG_FAILSLAB
	bool consumed = !current->fail_nth;

	current->fail_nth = 0;
	return consumed;
#else
	return false;
#endif
}

#define OBJRES_TEST_NOWAIT	(GFP_NOWAIT | __GFP_NOWARN)

/*
 * The case provokes a WARN in objres on purpose: mk/kunit-verdict.py fails
 * the run on any WARN that no case announced.
 */
#define OBJRES_EXPECT_WARN(test)					\
	kunit_info(test, "expect WARN at drivers/base/objres.c\n")

static void objres_test_release_all_lifo(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	int i;

	for (i = 1; i <= 5; i++)
		objres_test_add(test, i);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 5);

	objres_test_release_all(ctx);

	OBJRES_EXPECT_LOG(test, ctx, 5, 4, 3, 2, 1);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

static void objres_test_release_all_mixed(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_item *item = objres_test_item(test, 2);

	/* before: action 1, kmalloc, node 2, kzalloc, action 3 */
	objres_test_add(test, 1);
	KUNIT_ASSERT_NOT_NULL(test, objres_kmalloc(&ctx->head, 10, GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, objres_add(&ctx->head, &item->node), 0);
	KUNIT_ASSERT_NOT_NULL(test, objres_kzalloc(&ctx->head, 20, GFP_KERNEL));
	objres_test_add(test, 3);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 5);
	KUNIT_EXPECT_EQ(test, ctx->nadd, 5);

	objres_test_release_all(ctx);

	OBJRES_EXPECT_LOG(test, ctx, 3, 2, 1);
	OBJRES_EXPECT_REL(test, ctx, "objres_test_record", "kmalloc", "item",
			  "kmalloc", "objres_test_record");
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

struct objres_test_early {
	struct objres_test_ctx *ctx;
	void *merged;
	void *pending;
};

/* Frees two entries not released yet and looks for a third. */
static void objres_test_early_release(void *data)
{
	struct objres_test_early *early = data;
	struct objres_head *head = &early->ctx->head;

	objres_test_note(early->ctx, 3);
	objres_kfree(head, early->pending);
	objres_kfree(head, early->merged);
	if (objres_find(head, objres_test_item_release, NULL, NULL))
		objres_test_note(early->ctx, 30);
}

/*
 * objres_release_all() takes the lock-free additions first, then what a
 * lookup had already merged onto the list; a release function may free
 * entries of either kind early, and still finds the ones not released yet.
 */
static void objres_test_release_pending_and_merged(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_item *item = objres_test_item(test, 1);
	struct objres_test_early *early;
	int ret;

	early = kunit_kzalloc(test, sizeof(*early), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, early);
	early->ctx = ctx;

	KUNIT_ASSERT_EQ(test, objres_add(&ctx->head, &item->node), 0);
	early->merged = objres_kmalloc(&ctx->head, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, early->merged);
	/* Merges both onto the list; what follows stays lock-free. */
	KUNIT_ASSERT_EQ(test, objres_count(&ctx->head), 2);
	objres_test_add(test, 2);
	early->pending = objres_kmalloc(&ctx->head, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, early->pending);
	ret = objres_add_action(&ctx->head, objres_test_early_release, early);
	KUNIT_ASSERT_EQ(test, ret, 0);
	objres_test_add(test, 4);

	objres_test_release_all(ctx);

	/* Each freed once (KASAN would report a second kfree), in order. */
	OBJRES_EXPECT_LOG(test, ctx, 4, 3, 30, 2, 1);
	OBJRES_EXPECT_REL(test, ctx, "objres_test_record",
			  "objres_test_early_release", "kmalloc", "kmalloc",
			  "objres_test_record", "item");
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

/* A driver structure that embeds the head, freed by the final kfree. */
struct objres_test_container {
	struct objres_head head;
	struct objres_test_ctx *ctx;
	unsigned long canary;
};

#define OBJRES_TEST_CANARY	0x0b7e5ca9UL

static void objres_test_check_container(void *data)
{
	struct objres_test_container *c = data;

	/* Would be a KASAN report, failing the case, if already freed. */
	objres_test_note(c->ctx, c->canary == OBJRES_TEST_CANARY ? 1 : 0);
}

/* Whether KASAN marks the first 64 bytes at @p inaccessible. */
static bool objres_test_kasan_poisoned(const void *p)
{
#ifdef CONFIG_KASAN_GENERIC
	const unsigned long *shadow = kasan_mem_to_shadow(p);

	return READ_ONCE_NOCHECK(*shadow) != 0;
#else
	return false;
#endif
}

static void objres_test_final_kfree_last(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_container *c;
	int i;
	int ret;

	/* A power-of-two size is naturally aligned, as the shadow read needs. */
	c = kzalloc(roundup_pow_of_two(max(sizeof(*c), 64)), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED((unsigned long)c, 64));
	objres_head_init(&c->head, NULL);
	c->ctx = ctx;
	c->canary = OBJRES_TEST_CANARY;
	objres_set_final_kfree(&c->head, c);

	for (i = 0; i < 3; i++) {
		ret = objres_add_action(&c->head, objres_test_check_container,
					c);
		KUNIT_ASSERT_EQ(test, ret, 0);
		KUNIT_ASSERT_NOT_NULL(test, objres_kmalloc(&c->head, 32,
							   GFP_KERNEL));
	}
	KUNIT_EXPECT_FALSE(test, objres_test_kasan_poisoned(c));

	objres_release_all(&c->head);

	/* Every action saw the container alive; then it was freed. */
	OBJRES_EXPECT_LOG(test, ctx, 1, 1, 1);
	if (!IS_ENABLED(CONFIG_KASAN_GENERIC))
		kunit_skip(test, "freeing checked with CONFIG_KASAN_GENERIC");
	KUNIT_EXPECT_TRUE(test, objres_test_kasan_poisoned(c));
}

static void objres_test_note_owned(void *data)
{
	struct objres_test_container *c = data;

	/* Wrappers tell managed owners by the container, also while releasing. */
	objres_test_note(c->ctx, objres_owns_container(&c->head) ? 1 : 0);
}

static void objres_test_container_kept_while_releasing(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_container *c;
	int ret;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	objres_head_init(&c->head, NULL);
	c->ctx = ctx;
	KUNIT_EXPECT_FALSE(test, objres_owns_container(&c->head));
	objres_set_final_kfree(&c->head, c);
	KUNIT_EXPECT_TRUE(test, objres_owns_container(&c->head));

	ret = objres_add_action(&c->head, objres_test_note_owned, c);
	KUNIT_ASSERT_EQ(test, ret, 0);
	objres_release_all(&c->head);

	OBJRES_EXPECT_LOG(test, ctx, 1);
}

static void objres_test_idle(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	void *grp;

	KUNIT_EXPECT_TRUE(test, objres_idle(head));

	/* A group holds no resource, but dropping the head would leak it. */
	grp = objres_open_group(head, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, grp);
	KUNIT_EXPECT_EQ(test, objres_count(head), 0);
	KUNIT_EXPECT_FALSE(test, objres_idle(head));

	objres_remove_group(head, grp);
	KUNIT_EXPECT_TRUE(test, objres_idle(head) ||
			  IS_ENABLED(CONFIG_OBJRES_DEBUG));
}

static void objres_test_release_all_twice(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;

	OBJRES_EXPECT_WARN(test);
	objres_test_add(test, 1);
	objres_test_release_all(ctx);
	/* Misuse: warns once and runs nothing again. */
	objres_release_all(&ctx->head);

	OBJRES_EXPECT_LOG(test, ctx, 1);
}

static void objres_test_add_action_or_reset_enomem(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	int ret;

	objres_test_fail_next_alloc(test);
	ret = __objres_add_action_or_reset(&ctx->head, objres_test_record,
					   objres_test_rec(test, 7),
					   "objres_test_record",
					   OBJRES_TEST_NOWAIT);
	KUNIT_EXPECT_TRUE(test, objres_test_failure_consumed());

	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	OBJRES_EXPECT_LOG(test, ctx, 7);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 7);
}

static void objres_test_add_action_enomem(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_rec *rec = objres_test_rec(test, 7);
	int ret;

	objres_test_fail_next_alloc(test);
	ret = __objres_add_action(&ctx->head, objres_test_record, rec,
				  "objres_test_record", OBJRES_TEST_NOWAIT);
	KUNIT_EXPECT_TRUE(test, objres_test_failure_consumed());

	KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

static void objres_test_kmalloc_enomem(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	void *p;

	objres_test_fail_next_alloc(test);
	p = objres_kmalloc(&ctx->head, 64, OBJRES_TEST_NOWAIT);
	KUNIT_EXPECT_TRUE(test, objres_test_failure_consumed());

	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
	KUNIT_EXPECT_EQ(test, ctx->nadd, 0);
}

static void objres_test_remove_action(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_rec *rec = objres_test_rec(test, 1);
	int ret;

	ret = objres_add_action(&ctx->head, objres_test_record, rec);
	KUNIT_ASSERT_EQ(test, ret, 0);
	objres_test_add(test, 2);

	objres_remove_action(&ctx->head, objres_test_record, rec);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 2);
}

static void objres_test_release_action(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_rec *rec = objres_test_rec(test, 1);
	int ret;

	ret = objres_add_action(&ctx->head, objres_test_record, rec);
	KUNIT_ASSERT_EQ(test, ret, 0);
	objres_test_add(test, 2);

	objres_release_action(&ctx->head, objres_test_record, rec);
	OBJRES_EXPECT_LOG(test, ctx, 1);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 1, 2);
}

static void objres_test_action_exact_match(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_rec *a = objres_test_rec(test, 1);
	struct objres_test_rec *b = objres_test_rec(test, 2);
	struct objres_test_rec *c = objres_test_rec(test, 3);
	struct objres_head *head = &ctx->head;
	int ret;

	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_record, a), 0);
	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_record, b), 0);
	ret = objres_add_action(head, objres_test_record_other, c);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* NULL data is a value, not a wildcard. */
	ret = objres_release_action_nowarn(head, objres_test_record, NULL);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);
	/* The pair must match: right data, wrong function and vice versa. */
	ret = objres_release_action_nowarn(head, objres_test_record_other, a);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);
	ret = objres_remove_action_nowarn(head, objres_test_record, c);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
	KUNIT_EXPECT_EQ(test, objres_count(head), 3);

	ret = objres_release_action_nowarn(head, objres_test_record, a);
	KUNIT_EXPECT_EQ(test, ret, 0);
	OBJRES_EXPECT_LOG(test, ctx, 1);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 1, -3, 2);
}

static void objres_test_action_newest_of_two(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_rec *a = objres_test_rec(test, 1);
	struct objres_head *head = &ctx->head;

	/* before: (record, a) -> 2 -> (record, a) */
	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_record, a), 0);
	objres_test_add(test, 2);
	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_record, a), 0);

	objres_remove_action(head, objres_test_record, a);
	KUNIT_EXPECT_EQ(test, objres_count(head), 2);

	/* Had the oldest been removed, 1 would run before 2. */
	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 2, 1);
}

static void objres_test_nowarn_enoent(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_rec *a = objres_test_rec(test, 1);
	struct objres_head *head = &ctx->head;
	int ret;

	ret = objres_remove_action_nowarn(head, objres_test_record, a);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);
	ret = objres_release_action_nowarn(head, objres_test_record, a);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);
	ret = objres_remove_match(head, objres_test_item_release, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);
	ret = objres_release_match(head, objres_test_item_release, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);

	/* Once released, the action is gone for the _nowarn forms too. */
	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_record, a), 0);
	ret = objres_release_action_nowarn(head, objres_test_record, a);
	KUNIT_EXPECT_EQ(test, ret, 0);
	ret = objres_release_action_nowarn(head, objres_test_record, a);
	KUNIT_EXPECT_EQ(test, ret, -ENOENT);
	OBJRES_EXPECT_LOG(test, ctx, 1);
}

struct objres_test_size {
	size_t size;
	const char *desc;
};

static const struct objres_test_size objres_test_sizes[] = {
	{ 1, "1 byte" },
	{ 8, "8 bytes" },
	{ 64, "64 bytes" },
	{ 200, "200 bytes" },
	{ 4096, "one page" },
	{ 3 * PAGE_SIZE, "three pages, beyond the slab caches" },
};

KUNIT_ARRAY_PARAM_DESC(objres_test_size, objres_test_sizes, desc);

static void objres_test_kmalloc_sizes(struct kunit *test)
{
	const struct objres_test_size *param = test->param_value;
	struct objres_test_ctx *ctx = test->priv;
	size_t size = param->size;
	u8 *p, *z;

	p = objres_kmalloc(&ctx->head, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p,
					   ARCH_KMALLOC_MINALIGN));
	/* The whole size is usable (KASAN checks the bounds). */
	memset(p, 0xa5, size);

	z = objres_kzalloc(&ctx->head, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, z);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(z, 0, size));
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 2);

	objres_kfree(&ctx->head, p);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(z, 0, size));

	objres_test_release_all(ctx);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

static void objres_test_kmalloc_zero_size(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;

	KUNIT_EXPECT_PTR_EQ(test, objres_kmalloc(&ctx->head, 0, GFP_KERNEL),
			    ZERO_SIZE_PTR);
	KUNIT_EXPECT_PTR_EQ(test, objres_kcalloc(&ctx->head, 0, 8, GFP_KERNEL),
			    ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);

	/* Nothing to free, and nothing to warn about. */
	objres_kfree(&ctx->head, ZERO_SIZE_PTR);
	objres_kfree(&ctx->head, NULL);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

static void objres_test_size_overflow(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;

	KUNIT_EXPECT_NULL(test, objres_kmalloc_array(head, SIZE_MAX / 2, 4,
						     GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, objres_kcalloc(head, 3, SIZE_MAX / 2,
					       GFP_KERNEL));
	/* The header cannot be added to the size either. */
	KUNIT_EXPECT_NULL(test, objres_kmalloc(head, SIZE_MAX - 8, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, objres_kzalloc(head, SIZE_MAX, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, objres_count(head), 0);
	KUNIT_EXPECT_EQ(test, ctx->nadd, 0);
}

static void objres_test_kcalloc(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	u32 *p;

	p = objres_kcalloc(&ctx->head, 16, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p, 0, 16 * sizeof(*p)));
	p = objres_kmalloc_array(&ctx->head, 4, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p[3] = 1;
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 2);
}

static void objres_test_krealloc(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	u8 *p, *q;
	int i;

	/* before: action 1 -> p -> action 2 */
	objres_test_add(test, 1);
	p = objres_kmalloc(head, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < 16; i++)
		p[i] = i;
	objres_test_add(test, 2);

	q = objres_krealloc(head, p, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, q[i], i);
	memset(q + 16, 0xff, 4096 - 16);

	p = objres_krealloc(head, q, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, p[i], i);
	KUNIT_EXPECT_EQ(test, objres_count(head), 3);

	/* The memory kept its place between the two actions. */
	objres_test_release_all(ctx);
	OBJRES_EXPECT_REL(test, ctx, "objres_test_record", "kmalloc",
			  "objres_test_record");
	OBJRES_EXPECT_LOG(test, ctx, 2, 1);
}

static void objres_test_krealloc_null_and_zero(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	void *p;

	p = objres_krealloc(head, NULL, 24, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, objres_count(head), 1);

	KUNIT_EXPECT_PTR_EQ(test, objres_krealloc(head, p, 0, GFP_KERNEL),
			    ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, objres_count(head), 0);
}

static void objres_test_krealloc_enomem(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	u8 *p, *q;

	p = objres_kmalloc(&ctx->head, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0x3c, 8);

	objres_test_fail_next_alloc(test);
	q = objres_krealloc(&ctx->head, p, 512, OBJRES_TEST_NOWAIT);
	KUNIT_EXPECT_TRUE(test, objres_test_failure_consumed());

	/* As krealloc(): the old memory is untouched and still managed. */
	KUNIT_EXPECT_NULL(test, q);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p, 0x3c, 8));
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);
}

static void objres_test_kfree_foreign(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	u8 *managed, *plain;

	OBJRES_EXPECT_WARN(test);
	managed = objres_kmalloc(&ctx->head, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, managed);
	plain = kunit_kmalloc(test, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	memset(plain, 0x5a, 32);

	/* Misuse: each warns and changes nothing. */
	objres_kfree(&ctx->head, plain);
	objres_kfree(&ctx->head, managed + 1);
	objres_kfree(&ctx->head, managed + 8);
	objres_kfree(&ctx->head, &ctx->nlog);

	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);
	/* Still allocated: KASAN would report these reads otherwise. */
	KUNIT_EXPECT_TRUE(test, !memchr_inv(plain, 0x5a, 32));
	managed[31] = 1;
}

static void objres_test_kfree_twice(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	void *p, *q;

	OBJRES_EXPECT_WARN(test);
	p = objres_kmalloc(&ctx->head, 40, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	q = objres_kmalloc(&ctx->head, 40, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);

	objres_kfree(&ctx->head, p);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);

	/* Misuse: warns; no double free (KASAN), no list damage. */
	objres_kfree(&ctx->head, p);
	KUNIT_EXPECT_PTR_EQ(test, objres_krealloc(&ctx->head, p, 80,
						  GFP_KERNEL), NULL);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);

	objres_kfree(&ctx->head, q);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

static void objres_test_kfree_other_head(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *other;
	void *p;

	OBJRES_EXPECT_WARN(test);
	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	objres_head_init(other, NULL);

	p = objres_kmalloc(other, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);

	/* Misuse: the wrong head warns and leaves both heads alone. */
	objres_kfree(&ctx->head, p);
	KUNIT_EXPECT_EQ(test, objres_count(other), 1);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);

	objres_kfree(other, p);
	KUNIT_EXPECT_EQ(test, objres_count(other), 0);
	objres_release_all(other);
}

static void objres_test_krealloc_foreign(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	u8 *plain;

	OBJRES_EXPECT_WARN(test);
	plain = kunit_kmalloc(test, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	memset(plain, 0x11, 16);

	KUNIT_EXPECT_NULL(test, objres_krealloc(&ctx->head, plain, 64,
						GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(plain, 0x11, 16));
}

static void objres_test_strings(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	static const char literal[] = "read-only";
	const char *c;
	char *s, *heap;
	u8 *m;

	s = objres_kstrdup(head, "objres", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "objres");
	KUNIT_EXPECT_NULL(test, objres_kstrdup(head, NULL, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, objres_count(head), 1);

	/* A read-only string is not copied, and freeing it is a no-op. */
	c = objres_kstrdup_const(head, literal, GFP_KERNEL);
	KUNIT_EXPECT_PTR_EQ(test, c, (const char *)literal);
	objres_kfree(head, c);
	KUNIT_EXPECT_EQ(test, objres_count(head), 1);

	heap = kunit_kzalloc(test, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, heap);
	strscpy(heap, "heap", 8);
	c = objres_kstrdup_const(head, heap, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_PTR_NE(test, c, (const char *)heap);
	KUNIT_EXPECT_STREQ(test, c, "heap");
	KUNIT_EXPECT_EQ(test, objres_count(head), 2);

	m = objres_kmemdup(head, "\x01\x02\x03", 3, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m[2], 3);

	s = objres_kasprintf(head, GFP_KERNEL, "%s-%d", "card", 42);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "card-42");
	KUNIT_EXPECT_EQ(test, objres_count(head), 4);

	objres_kfree(head, c);
	objres_kfree(head, s);
	KUNIT_EXPECT_EQ(test, objres_count(head), 2);
}

static void objres_test_group_release(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	void *grp;

	OBJRES_EXPECT_WARN(test);
	/* before: 1 -> [ 2 -> 3 ] -> 4 */
	objres_test_add(test, 1);
	grp = objres_open_group(head, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, grp);
	objres_test_add(test, 2);
	KUNIT_ASSERT_NOT_NULL(test, objres_kmalloc(head, 8, GFP_KERNEL));
	objres_test_add(test, 3);
	objres_close_group(head, grp);
	objres_test_add(test, 4);
	KUNIT_EXPECT_EQ(test, objres_count(head), 5);

	KUNIT_EXPECT_EQ(test, objres_release_group(head, grp), 3);
	OBJRES_EXPECT_LOG(test, ctx, 3, 2);
	KUNIT_EXPECT_EQ(test, objres_count(head), 2);

	/* The group is gone with its resources. */
	KUNIT_EXPECT_EQ(test, objres_release_group(head, grp), -ENOENT);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 3, 2, 4, 1);
}

static void objres_test_group_nested(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	int outer_id, inner_id;

	/* before: [outer 1 -> [inner 2 -> 3 ] -> 4 ] -> 5 */
	KUNIT_ASSERT_PTR_EQ(test, objres_open_group(head, &outer_id,
						    GFP_KERNEL),
			    (void *)&outer_id);
	objres_test_add(test, 1);
	KUNIT_ASSERT_PTR_EQ(test, objres_open_group(head, &inner_id,
						    GFP_KERNEL),
			    (void *)&inner_id);
	objres_test_add(test, 2);
	objres_test_add(test, 3);
	objres_close_group(head, &inner_id);
	objres_test_add(test, 4);
	objres_close_group(head, &outer_id);
	objres_test_add(test, 5);

	KUNIT_EXPECT_EQ(test, objres_release_group(head, &inner_id), 2);
	OBJRES_EXPECT_LOG(test, ctx, 3, 2);

	KUNIT_EXPECT_EQ(test, objres_release_group(head, &outer_id), 2);
	OBJRES_EXPECT_LOG(test, ctx, 3, 2, 4, 1);
	KUNIT_EXPECT_EQ(test, objres_count(head), 1);
}

static void objres_test_group_outer_takes_inner(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	int outer_id, inner_id;

	/* before: [outer 1 -> [inner 2 -> 3 ] -> 4 ] */
	objres_open_group(head, &outer_id, GFP_KERNEL);
	objres_test_add(test, 1);
	objres_open_group(head, &inner_id, GFP_KERNEL);
	objres_test_add(test, 2);
	objres_test_add(test, 3);
	objres_close_group(head, &inner_id);
	objres_test_add(test, 4);
	objres_close_group(head, &outer_id);

	KUNIT_EXPECT_EQ(test, objres_release_group(head, &outer_id), 4);
	OBJRES_EXPECT_LOG(test, ctx, 4, 3, 2, 1);
	KUNIT_EXPECT_EQ(test, objres_count(head), 0);
	KUNIT_EXPECT_EQ(test, objres_release_group(head, &inner_id), -ENOENT);
}

static void objres_test_group_open_until_newest(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;

	objres_test_add(test, 1);
	KUNIT_ASSERT_NOT_NULL(test, objres_open_group(head, NULL, GFP_KERNEL));
	objres_test_add(test, 2);
	objres_test_add(test, 3);

	/* NULL is the newest open group, which reaches the newest node. */
	KUNIT_EXPECT_EQ(test, objres_release_group(head, NULL), 2);
	OBJRES_EXPECT_LOG(test, ctx, 3, 2);
	KUNIT_EXPECT_EQ(test, objres_count(head), 1);
}

static void objres_test_group_remove(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	void *grp;

	grp = objres_open_group(head, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, grp);
	objres_test_add(test, 1);
	objres_test_add(test, 2);
	objres_close_group(head, grp);

	objres_remove_group(head, grp);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
	KUNIT_EXPECT_EQ(test, objres_count(head), 2);
	KUNIT_EXPECT_EQ(test, objres_release_group(head, grp), -ENOENT);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 2, 1);
}

/*
 * Groups that overlap without nesting, as devres allows: releasing one
 * takes the resources in its range and leaves the other group whole.
 */
static void objres_test_group_overlap(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	int a_id, b_id;

	/* [A 1 [B 2 A] 3 B] 4 */
	KUNIT_ASSERT_NOT_NULL(test, objres_open_group(head, &a_id, GFP_KERNEL));
	objres_test_add(test, 1);
	KUNIT_ASSERT_NOT_NULL(test, objres_open_group(head, &b_id, GFP_KERNEL));
	objres_test_add(test, 2);
	objres_close_group(head, &a_id);
	objres_test_add(test, 3);
	objres_close_group(head, &b_id);
	objres_test_add(test, 4);

	KUNIT_EXPECT_EQ(test, objres_release_group(head, &a_id), 2);
	OBJRES_EXPECT_LOG(test, ctx, 2, 1);
	ctx->nlog = 0;
	/* B is still closed: nothing added now belongs to it. */
	objres_test_add(test, 5);
	KUNIT_EXPECT_EQ(test, objres_release_group(head, &b_id), 1);
	OBJRES_EXPECT_LOG(test, ctx, 3);
	ctx->nlog = 0;
	KUNIT_EXPECT_EQ(test, objres_count(head), 2U);
	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 5, 4);
}

static bool objres_test_match_id(struct objres_node *node, void *data)
{
	struct objres_test_item *item = container_of(node,
						     struct objres_test_item,
						     node);

	return item->id == *(int *)data;
}

static void objres_test_find(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_item *a = objres_test_item(test, 1);
	struct objres_test_item *b = objres_test_item(test, 2);
	struct objres_test_item *c = objres_test_item(test, 1);
	struct objres_head *head = &ctx->head;
	int one = 1, two = 2, three = 3;
	int ret;

	KUNIT_ASSERT_EQ(test, objres_add(head, &a->node), 0);
	KUNIT_ASSERT_EQ(test, objres_add(head, &b->node), 0);
	KUNIT_ASSERT_EQ(test, objres_add(head, &c->node), 0);
	objres_test_add(test, 9);

	KUNIT_EXPECT_PTR_EQ(test, objres_find(head, objres_test_item_release,
					      objres_test_match_id, &one),
			    &c->node);
	KUNIT_EXPECT_PTR_EQ(test, objres_find(head, objres_test_item_release,
					      objres_test_match_id, &two),
			    &b->node);
	KUNIT_EXPECT_NULL(test, objres_find(head, objres_test_item_release,
					    objres_test_match_id, &three));
	KUNIT_EXPECT_PTR_EQ(test, objres_find(head, objres_test_item_release,
					      NULL, NULL),
			    &c->node);

	/* Matching by release function and key, unlinking atomically. */
	ret = objres_release_match(head, objres_test_item_release,
				   objres_test_match_id, &two);
	KUNIT_EXPECT_EQ(test, ret, 0);
	OBJRES_EXPECT_LOG(test, ctx, 2);
	ret = objres_remove_match(head, objres_test_item_release,
				  objres_test_match_id, &one);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, objres_count(head), 2);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 2, 9, 1);
}

/* A release action that adds another one, which records id + 1. */
static void objres_test_add_later(void *data)
{
	struct objres_test_rec *rec = data;

	objres_test_note(rec->ctx, rec->id);
	rec->id++;
	WARN_ON(objres_add_action(&rec->ctx->head, objres_test_record, rec));
}

static void objres_test_reset_misuse(void *data)
{
	struct objres_test_item *item = data;
	int ret = objres_add(&item->ctx->head, &item->node);

	objres_test_note(item->ctx, ret == -EBUSY ? 61 : -61);
}

static void objres_test_reset_undo(void *data)
{
	struct objres_test_ctx *ctx = data;
	struct objres_head *head = &ctx->head;
	void *p = objres_kzalloc(head, 16, GFP_KERNEL);

	/* The head holds nothing else now: the reset took it all. */
	objres_test_note(ctx, p && objres_count(head) == 1 ? 51 : -51);
	objres_kfree(head, p);
	if (!objres_add_action(head, objres_test_record_other, ctx) &&
	    !objres_remove_action_nowarn(head, objres_test_record_other, ctx))
		objres_test_note(ctx, objres_count(head) ? -52 : 52);
}

/*
 * objres_reset(): everything goes newest first, as with release_all, and
 * the head is live and empty again, for as many rounds as wanted; the
 * container stays registered and is not freed.
 */
static void objres_test_reset_reuse(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	void *container = kzalloc(16, GFP_KERNEL);
	struct objres_test_item *item;
	int round;

	KUNIT_ASSERT_NOT_NULL(test, container);
	objres_set_final_kfree(head, container);
	for (round = 1; round <= 3; round++) {
		objres_test_add(test, round * 10 + 1);
		KUNIT_ASSERT_NOT_NULL(test, objres_kzalloc(head, 8, GFP_KERNEL));
		objres_test_add(test, round * 10 + 2);
		KUNIT_EXPECT_EQ(test, objres_reset(head), 3);
		OBJRES_EXPECT_LOG(test, ctx, round * 10 + 2, round * 10 + 1);
		ctx->nlog = 0;
		/* Live and empty, markers included; its debugfs file stays. */
		KUNIT_EXPECT_TRUE(test, list_empty(&head->nodes) &&
				  llist_empty(&head->pending));
		KUNIT_EXPECT_PTR_EQ(test, READ_ONCE(head->final_kfree),
				    container);
	}
	KUNIT_EXPECT_EQ(test, objres_reset(head), 0);

	/* What a release function adds during a reset is kept for the next. */
	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_add_later,
						objres_test_rec(test, 41)), 0);
	KUNIT_EXPECT_EQ(test, objres_reset(head), 1);
	OBJRES_EXPECT_LOG(test, ctx, 41);
	ctx->nlog = 0;
	KUNIT_EXPECT_EQ(test, objres_count(head), 1U);
	KUNIT_EXPECT_EQ(test, objres_reset(head), 1);
	OBJRES_EXPECT_LOG(test, ctx, 42);
	ctx->nlog = 0;

	/*
	 * A release function may undo what it adds during a reset, and finds
	 * its own additions, not what the reset took.
	 */
	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_reset_undo,
						ctx), 0);
	KUNIT_EXPECT_EQ(test, objres_reset(head), 1);
	OBJRES_EXPECT_LOG(test, ctx, 51, 52);
	ctx->nlog = 0;
	KUNIT_EXPECT_EQ(test, objres_count(head), 0U);

	/* What the reset took and has not released yet cannot be re-added. */
	item = objres_test_item(test, 62);
	KUNIT_ASSERT_EQ(test, objres_add(head, &item->node), 0);
	KUNIT_ASSERT_EQ(test, objres_add_action(head, objres_test_reset_misuse,
						item), 0);
	OBJRES_EXPECT_WARN(test);
	KUNIT_EXPECT_EQ(test, objres_reset(head), 2);
	OBJRES_EXPECT_LOG(test, ctx, 61, 62);
	ctx->nlog = 0;
	KUNIT_EXPECT_TRUE(test, list_empty(&head->nodes) &&
			  llist_empty(&head->pending));

	/* The final release still frees the container (kmemleak checks). */
	objres_test_release_all(ctx);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0U);
}

static void objres_test_collect_id(struct objres_node *node, void *data)
{
	struct objres_test_item *item = container_of(node,
						     struct objres_test_item,
						     node);

	objres_test_note(data, item->id);
}

/*
 * objres_find_or_add() adds only when no match is there and hands back the
 * match otherwise; objres_for_each() walks newest first; and
 * objres_unlink_match() hands the node back without running it.
 */
static void objres_test_find_or_add_walk(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	struct objres_test_item *a = objres_test_item(test, 1);
	struct objres_test_item *b = objres_test_item(test, 2);
	struct objres_test_item *c = objres_test_item(test, 1);
	struct objres_node *node;
	int one = 1;

	node = objres_find_or_add(head, &a->node, objres_test_match_id, &a->id);
	KUNIT_EXPECT_PTR_EQ(test, node, &a->node);
	node = objres_find_or_add(head, &b->node, objres_test_match_id, &b->id);
	KUNIT_EXPECT_PTR_EQ(test, node, &b->node);
	node = objres_find_or_add(head, &c->node, objres_test_match_id, &c->id);
	KUNIT_EXPECT_PTR_EQ(test, node, &a->node);
	KUNIT_EXPECT_EQ(test, objres_count(head), 2U);
	objres_test_add(test, 9);

	objres_for_each(head, objres_test_item_release, objres_test_collect_id,
			ctx);
	OBJRES_EXPECT_LOG(test, ctx, 2, 1);
	ctx->nlog = 0;

	node = objres_unlink_match(head, objres_test_item_release,
				   objres_test_match_id, &one);
	KUNIT_EXPECT_PTR_EQ(test, node, &a->node);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0U);
	/* Unlinked: it can be added again, also through find_or_add. */
	node = objres_find_or_add(head, &a->node, objres_test_match_id, &one);
	KUNIT_EXPECT_PTR_EQ(test, node, &a->node);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 1, 9, 2);
}

static void objres_test_embedded_no_alloc(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_item *item = objres_test_item(test, 1);
	unsigned long flags;
	int ret;

	/*
	 * With interrupts off, a sleeping allocation would be reported; a
	 * non-sleeping one would take the injected failure.
	 */
	objres_test_fail_next_alloc(test);
	local_irq_save(flags);
	ret = objres_add(&ctx->head, &item->node);
	local_irq_restore(flags);
	KUNIT_EXPECT_FALSE(test, objres_test_failure_consumed());

	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);

	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 1);
}

static void objres_test_embedded_remove_release(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_item *a = objres_test_item(test, 1);
	struct objres_test_item *b = objres_test_item(test, 2);
	struct objres_head *head = &ctx->head;

	OBJRES_EXPECT_WARN(test);
	KUNIT_ASSERT_EQ(test, objres_add(head, &a->node), 0);
	KUNIT_ASSERT_EQ(test, objres_add(head, &b->node), 0);
	/* Adding a linked node again is refused. */
	KUNIT_EXPECT_EQ(test, objres_add(head, &a->node), -EBUSY);
	KUNIT_EXPECT_EQ(test, objres_count(head), 2);

	KUNIT_EXPECT_EQ(test, objres_remove(head, &a->node), 0);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
	KUNIT_EXPECT_EQ(test, objres_count(head), 1);

	KUNIT_EXPECT_EQ(test, objres_release(head, &b->node), 0);
	OBJRES_EXPECT_LOG(test, ctx, 2);
	/* Misuse: releasing twice warns and runs nothing. */
	KUNIT_EXPECT_EQ(test, objres_release(head, &b->node), -ENOENT);
	KUNIT_EXPECT_EQ(test, objres_remove(head, &b->node), -ENOENT);
	OBJRES_EXPECT_LOG(test, ctx, 2);

	/* A removed node is the caller's again and can be re-added. */
	KUNIT_ASSERT_EQ(test, objres_add(head, &a->node), 0);
	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 2, 1);
}

struct objres_test_big_node {
	struct objres_node node;
	struct objres_test_ctx *ctx;
	int id;
};

static void objres_test_big_release(struct objres_head *head,
				    struct objres_node *node)
{
	struct objres_test_big_node *big;

	big = container_of(node, struct objres_test_big_node, node);
	objres_test_note(big->ctx, big->id);
}

static void objres_test_node_alloc(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_big_node *big, *kept;
	struct objres_node *node;

	OBJRES_EXPECT_WARN(test);
	node = objres_node_alloc(sizeof(*big), objres_test_big_release, "big",
				 GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, node);
	big = container_of(node, struct objres_test_big_node, node);
	big->ctx = ctx;
	big->id = 1;
	KUNIT_ASSERT_EQ(test, objres_add(&ctx->head, node), 0);

	node = objres_node_alloc(sizeof(*kept), objres_test_big_release,
				 "kept", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, node);
	kept = container_of(node, struct objres_test_big_node, node);
	kept->ctx = ctx;
	kept->id = 2;
	KUNIT_ASSERT_EQ(test, objres_add(&ctx->head, node), 0);

	/* Removed: the caller frees it. Misuse: freeing a linked node. */
	objres_node_free(&big->node);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 2);
	KUNIT_ASSERT_EQ(test, objres_remove(&ctx->head, &big->node), 0);
	objres_node_free(&big->node);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 1);

	/* Released: objres frees it (kmemleak and KASAN watch). */
	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 2);
	KUNIT_EXPECT_NULL(test, objres_node_alloc(sizeof(struct objres_node) - 1,
						  objres_test_big_release,
						  "short", GFP_KERNEL));
}

struct objres_test_chain {
	struct objres_test_ctx *ctx;
	struct objres_test_rec *next;
};

static void objres_test_chain_release(void *data)
{
	struct objres_test_chain *chain = data;
	struct objres_test_ctx *ctx = chain->ctx;

	objres_test_note(ctx, 10);
	/* As if dropping the last reference to another managed object. */
	if (objres_add_action(&ctx->head, objres_test_record, chain->next))
		objres_test_note(ctx, -1);
	if (!objres_kmalloc(&ctx->head, 16, GFP_KERNEL))
		objres_test_note(ctx, -2);
}

static void objres_test_add_during_release(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_chain *chain;
	int ret;

	chain = kunit_kzalloc(test, sizeof(*chain), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	chain->ctx = ctx;
	chain->next = objres_test_rec(test, 11);

	/* before: 1 -> chain; chain adds 11 while releasing */
	objres_test_add(test, 1);
	ret = objres_add_action(&ctx->head, objres_test_chain_release, chain);
	KUNIT_ASSERT_EQ(test, ret, 0);

	objres_test_release_all(ctx);

	/* 11 is the newest when it is added, so it runs before 1. */
	OBJRES_EXPECT_LOG(test, ctx, 10, 11, 1);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

static void objres_test_add_after_release(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_item *item = objres_test_item(test, 3);
	struct objres_head *head = &ctx->head;
	int ret;

	OBJRES_EXPECT_WARN(test);
	objres_test_release_all(ctx);

	/* Misuse: refused loudly, nothing linked, nothing leaked. */
	KUNIT_EXPECT_EQ(test, objres_add_action(head, objres_test_record,
						objres_test_rec(test, 1)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
	ret = objres_add_action_or_reset(head, objres_test_record,
					 objres_test_rec(test, 2));
	KUNIT_EXPECT_EQ(test, ret, -ENODEV);
	OBJRES_EXPECT_LOG(test, ctx, 2);
	KUNIT_EXPECT_NULL(test, objres_kmalloc(head, 8, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, objres_kstrdup(head, "late", GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, objres_open_group(head, NULL, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, objres_add(head, &item->node), -ENODEV);

	KUNIT_EXPECT_EQ(test, objres_count(head), 0);
	KUNIT_EXPECT_EQ(test, ctx->nadd, 0);
	OBJRES_EXPECT_LOG(test, ctx, 2);
}

#define OBJRES_TEST_THREADS	4
#define OBJRES_TEST_ROUNDS	1000

struct objres_test_thread {
	struct objres_head *head;
	struct completion done;
	atomic_t runs;
	unsigned int kept;
	unsigned int pending;
	int errors;
};

static void objres_test_count_run(void *data)
{
	struct objres_test_thread *t = data;

	atomic_inc(&t->runs);
}

static int objres_test_thread_fn(void *data)
{
	struct objres_test_thread *t = data;
	unsigned int i;
	u8 *p;

	for (i = 0; i < OBJRES_TEST_ROUNDS; i++) {
		p = objres_kmalloc(t->head, 8 + i % 128, GFP_KERNEL);
		if (!p) {
			t->errors++;
			continue;
		}
		memset(p, i, 8 + i % 128);
		if (objres_add_action(t->head, objres_test_count_run, t))
			t->errors++;

		if (i % 2)
			objres_kfree(t->head, p);
		else
			t->kept++;

		if (i % 3 == 0)
			objres_release_action(t->head, objres_test_count_run, t);
		else
			t->pending++;
	}

	complete(&t->done);
	return 0;
}

static void objres_test_concurrent(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_thread *t;
	struct task_struct *task;
	unsigned int i, expected = 0;

	t = kunit_kcalloc(test, OBJRES_TEST_THREADS, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);

	for (i = 0; i < OBJRES_TEST_THREADS; i++) {
		t[i].head = &ctx->head;
		init_completion(&t[i].done);
		task = kthread_run(objres_test_thread_fn, &t[i],
				   "objres-test/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < OBJRES_TEST_THREADS; i++)
		wait_for_completion(&t[i].done);

	for (i = 0; i < OBJRES_TEST_THREADS; i++) {
		KUNIT_EXPECT_EQ(test, t[i].errors, 0);
		expected += t[i].kept + t[i].pending;
	}
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), expected);

	objres_test_release_all(ctx);

	/* Every action ran exactly once, early or at release. */
	for (i = 0; i < OBJRES_TEST_THREADS; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&t[i].runs), OBJRES_TEST_ROUNDS);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

struct objres_test_event {
	const struct objres_head *head;
	bool add;
	const char *name;
	size_t size;
};

struct objres_test_trace {
	const struct objres_head *head;
	struct objres_test_event ev[8];
	unsigned int n;
};

static void objres_test_trace_note(struct objres_test_trace *tr, bool add,
				   const struct objres_head *head,
				   const char *name, size_t size)
{
	/* Other heads may come and go meanwhile, in other threads. */
	if (head == tr->head && tr->n < ARRAY_SIZE(tr->ev))
		tr->ev[tr->n++] = (struct objres_test_event){
			.head = head, .add = add, .name = name, .size = size,
		};
}

static void objres_test_probe_add(void *data, const struct objres_head *head,
				  const char *name, size_t size)
{
	objres_test_trace_note(data, true, head, name, size);
}

static void objres_test_probe_release(void *data,
				      const struct objres_head *head,
				      const char *name, size_t size)
{
	objres_test_trace_note(data, false, head, name, size);
}

static void objres_test_expect_event(struct kunit *test,
				     const struct objres_test_trace *tr,
				     unsigned int i, bool add,
				     const char *name, size_t size)
{
	KUNIT_ASSERT_LT(test, i, tr->n);
	KUNIT_EXPECT_EQ_MSG(test, tr->ev[i].add, add, "event %u", i);
	KUNIT_EXPECT_STREQ_MSG(test, tr->ev[i].name, name, "event %u", i);
	KUNIT_EXPECT_EQ_MSG(test, tr->ev[i].size, size, "event %u", i);
}

static void objres_test_trace_events(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_container *c;
	struct objres_test_trace *tr;
	void *p;
	int ret;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "needs CONFIG_TRACEPOINTS");

	tr = kunit_kzalloc(test, sizeof(*tr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tr);
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	objres_head_init(&c->head, NULL);
	c->ctx = ctx;
	c->canary = OBJRES_TEST_CANARY;
	objres_set_final_kfree(&c->head, c);
	tr->head = &c->head;

	ret = register_trace_objres_add(objres_test_probe_add, tr);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = register_trace_objres_release(objres_test_probe_release, tr);
	KUNIT_ASSERT_EQ(test, ret, 0);

	p = objres_kmalloc(&c->head, 24, GFP_KERNEL);
	if (objres_add_action(&c->head, objres_test_check_container, c))
		p = NULL;
	objres_kfree(&c->head, p);
	KUNIT_EXPECT_NOT_NULL(test, objres_kmalloc(&c->head, 40, GFP_KERNEL));
	objres_release_all(&c->head);

	unregister_trace_objres_release(objres_test_probe_release, tr);
	unregister_trace_objres_add(objres_test_probe_add, tr);
	tracepoint_synchronize_unregister();

	KUNIT_ASSERT_EQ(test, tr->n, 7);
	objres_test_expect_event(test, tr, 0, true, "kmalloc", 24);
	objres_test_expect_event(test, tr, 1, true,
				 "objres_test_check_container", 0);
	objres_test_expect_event(test, tr, 2, false, "kmalloc",
				 IS_ENABLED(CONFIG_OBJRES_DEBUG) ? 24 :
				 tr->ev[2].size);
	objres_test_expect_event(test, tr, 3, true, "kmalloc", 40);
	objres_test_expect_event(test, tr, 4, false, "kmalloc",
				 IS_ENABLED(CONFIG_OBJRES_DEBUG) ? 40 :
				 tr->ev[4].size);
	objres_test_expect_event(test, tr, 5, false,
				 "objres_test_check_container", 0);
	objres_test_expect_event(test, tr, 6, false, "final kfree", 0);
	OBJRES_EXPECT_LOG(test, ctx, 1);
}

static void objres_test_debugfs_file(struct kunit *test)
{
#if IS_ENABLED(CONFIG_OBJRES_DEBUG) && IS_ENABLED(CONFIG_DEBUG_FS)
	struct objres_test_ctx *ctx = test->priv;
	struct dentry *file;

	/* No resource, no file, and no work item set up to create one. */
	KUNIT_EXPECT_FALSE(test, test_bit(0, &ctx->head.debugfs_queued));
	KUNIT_EXPECT_NULL(test, ctx->head.debugfs);

	KUNIT_ASSERT_NOT_NULL(test, objres_kmalloc(&ctx->head, 8, GFP_KERNEL));
	KUNIT_ASSERT_TRUE(test, test_bit(0, &ctx->head.debugfs_queued));
	flush_work(&ctx->head.debugfs_work);
	file = ctx->head.debugfs;
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_EXPECT_EQ(test, d_inode(file)->i_mode & 0777, 0400);
	KUNIT_EXPECT_EQ(test, strncmp(file->d_name.name, "objres-test-",
				      strlen("objres-test-")), 0);

	dget(file);
	objres_test_release_all(ctx);
	/* Gone with the head's resources. */
	KUNIT_EXPECT_TRUE(test, d_unhashed(file) || d_really_is_negative(file));
	dput(file);
#else
	kunit_skip(test, "needs CONFIG_OBJRES_DEBUG and CONFIG_DEBUG_FS");
#endif
}

static const struct objres_owner objres_test_quiet_owner = {
	.name = "objres-test-quiet",
	.no_debugfs = true,
};

/*
 * An owner with no_debugfs (devres: one head per device, reset where
 * sleeping may not be allowed) never gets a file or a work item, and its
 * head is idle again once its resources are gone, through a reset too.
 */
static void objres_test_no_debugfs(struct kunit *test)
{
#if IS_ENABLED(CONFIG_OBJRES_DEBUG) && IS_ENABLED(CONFIG_DEBUG_FS)
	struct objres_head *head;
	void *p;

	head = kunit_kzalloc(test, sizeof(*head), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, head);
	objres_head_init(head, &objres_test_quiet_owner);
	p = objres_kmalloc(head, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_FALSE(test, test_bit(0, &head->debugfs_queued));
	objres_kfree(head, p);
	KUNIT_EXPECT_TRUE(test, objres_idle(head));
	KUNIT_ASSERT_NOT_NULL(test, objres_kmalloc(head, 8, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, objres_reset(head), 1);
	KUNIT_EXPECT_TRUE(test, objres_idle(head));
	KUNIT_EXPECT_NULL(test, head->debugfs);
	objres_release_all(head);
#else
	kunit_skip(test, "needs CONFIG_OBJRES_DEBUG and CONFIG_DEBUG_FS");
#endif
}

#define OBJRES_TEST_SWEEP	48

/*
 * What a release of OBJRES_TEST_SWEEP allocations and two actions freed
 * and ran, in order (allocation indexes, -action ids), and the pages of
 * its multi-page allocations, held so that their freeing shows in their
 * reference count.
 */
struct objres_test_sweep {
	struct objres_head *head;
	struct task_struct *task;
	void *mem[OBJRES_TEST_SWEEP];
	struct folio *folio[OBJRES_TEST_SWEEP];
	int seq[OBJRES_TEST_SWEEP + 2];
	unsigned int nseq;
	/* multi-page allocations freed out of turn, seen by the actions */
	unsigned int out_of_turn;
	/* actions that found the head idle while it was released */
	unsigned int idle;
};

struct objres_test_sweep_rec {
	struct objres_test_sweep *sw;
	int id;
	/* index of the allocation added right after the action */
	int index;
};

static void objres_test_sweep_note(struct objres_test_sweep *sw, int v)
{
	if (sw->nseq < ARRAY_SIZE(sw->seq))
		sw->seq[sw->nseq++] = v;
}

/* Everything newer than the action is freed already, nothing older is. */
static void objres_test_sweep_action(void *data)
{
	struct objres_test_sweep_rec *rec = data;
	struct objres_test_sweep *sw = rec->sw;
	int i;

	for (i = 0; i < OBJRES_TEST_SWEEP; i++)
		if (sw->folio[i] &&
		    folio_ref_count(sw->folio[i]) != (i >= rec->index ? 1 : 2))
			sw->out_of_turn++;
	sw->idle += objres_idle(sw->head);
	objres_test_sweep_note(sw, -rec->id);
}

static void objres_test_probe_kfree(void *data, unsigned long call_site,
				    const void *ptr)
{
	struct objres_test_sweep *sw = data;
	int i;

	if (current != sw->task || !ptr)
		return;
	for (i = 0; i < OBJRES_TEST_SWEEP; i++)
		if (sw->mem[i] && ptr <= sw->mem[i] &&
		    sw->mem[i] < ptr + ksize(ptr))
			objres_test_sweep_note(sw, i);
}

/* Allocations 8 and 44 come right after an action. */
static bool objres_test_sweep_action_at(int i)
{
	return i == 8 || i == 44;
}

/*
 * Fill @sw->head with OBJRES_TEST_SWEEP allocations of mixed sizes, every
 * fifth a multi-page kmalloc() whose page is held if @hold, and an action
 * before allocations 8 and 44. Released newest first, 36 allocations come
 * in a row, more than two bulks; the oldest eight are in no full bulk.
 */
static void objres_test_sweep_fill(struct kunit *test,
				   struct objres_test_sweep *sw, bool hold)
{
	static const size_t sizes[] = { 8, 64, 200, 24, 3 * PAGE_SIZE };
	struct objres_test_sweep_rec *rec;
	int i;

	sw->nseq = 0;
	sw->out_of_turn = 0;
	sw->idle = 0;
	for (i = 0; i < OBJRES_TEST_SWEEP; i++) {
		if (objres_test_sweep_action_at(i)) {
			rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, rec);
			rec->sw = sw;
			rec->id = i < 10 ? 1 : 2;
			rec->index = i;
			KUNIT_ASSERT_EQ(test,
					objres_add_action(sw->head,
							  objres_test_sweep_action,
							  rec), 0);
		}
		sw->mem[i] = objres_kmalloc(sw->head, sizes[i % ARRAY_SIZE(sizes)],
					    GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, sw->mem[i]);
		sw->folio[i] = NULL;
		if (hold && i % ARRAY_SIZE(sizes) == ARRAY_SIZE(sizes) - 1) {
			sw->folio[i] = virt_to_folio(sw->mem[i]);
			folio_get(sw->folio[i]);
		}
	}
}

/*
 * Every held page is freed by objres: drop the test's references. @whole:
 * the whole head was released or reset, not a group.
 */
static void objres_test_sweep_check(struct kunit *test,
				    struct objres_test_sweep *sw, bool whole)
{
	int i;

	for (i = 0; i < OBJRES_TEST_SWEEP; i++) {
		if (!sw->folio[i])
			continue;
		KUNIT_EXPECT_EQ(test, folio_ref_count(sw->folio[i]), 1);
		folio_put(sw->folio[i]);
		sw->folio[i] = NULL;
	}
	KUNIT_EXPECT_EQ(test, sw->out_of_turn, 0U);
	/* Not idle while released or reset, although the list looks empty. */
	if (whole)
		KUNIT_EXPECT_EQ(test, sw->idle, 0U);
	KUNIT_ASSERT_EQ(test, sw->nseq, 2U);
	KUNIT_EXPECT_EQ(test, sw->seq[0], -2);
	KUNIT_EXPECT_EQ(test, sw->seq[1], -1);
}

/*
 * A release frees the managed memory of a quiet head in bulk, yet each
 * allocation before any older action runs and none before a newer one,
 * whether a reset, a group release or the final release frees it. While
 * kmem:kfree is traced, it frees one by one and each kfree() shows,
 * newest first and in its place among the actions.
 */
static void objres_test_reset_sweep(struct kunit *test)
{
	struct objres_test_sweep *sw;
	void *grp;
	int i, n;

	sw = kunit_kzalloc(test, sizeof(*sw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sw);
	sw->head = kunit_kzalloc(test, sizeof(*sw->head), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sw->head);
	objres_head_init(sw->head, &objres_test_quiet_owner);
	sw->task = current;

	objres_test_sweep_fill(test, sw, true);
	KUNIT_EXPECT_EQ(test, objres_reset(sw->head), OBJRES_TEST_SWEEP + 2);
	objres_test_sweep_check(test, sw, true);
	KUNIT_EXPECT_TRUE(test, objres_idle(sw->head));

	grp = objres_open_group(sw->head, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, grp);
	objres_test_sweep_fill(test, sw, true);
	KUNIT_EXPECT_EQ(test, objres_release_group(sw->head, grp),
			OBJRES_TEST_SWEEP + 2);
	objres_test_sweep_check(test, sw, false);
	KUNIT_EXPECT_TRUE(test, objres_idle(sw->head));

	/* One by one while kfree() is traced, each in its place. */
	objres_test_sweep_fill(test, sw, false);
	KUNIT_ASSERT_EQ(test, register_trace_kfree(objres_test_probe_kfree, sw),
			0);
	n = objres_reset(sw->head);
	unregister_trace_kfree(objres_test_probe_kfree, sw);
	tracepoint_synchronize_unregister();
	KUNIT_EXPECT_EQ(test, n, OBJRES_TEST_SWEEP + 2);
	KUNIT_ASSERT_EQ(test, sw->nseq, OBJRES_TEST_SWEEP + 2U);
	for (i = OBJRES_TEST_SWEEP - 1, n = 0; i >= 0; i--) {
		KUNIT_EXPECT_EQ(test, sw->seq[n++], i);
		if (objres_test_sweep_action_at(i))
			KUNIT_EXPECT_EQ(test, sw->seq[n++], i < 10 ? -1 : -2);
	}

	objres_test_sweep_fill(test, sw, true);
	objres_release_all(sw->head);
	objres_test_sweep_check(test, sw, true);
}

/*
 * The alignment kmalloc() gives @size bytes, up to a cache line: what a
 * managed allocation must give too.
 */
static size_t objres_test_kmalloc_align(size_t size)
{
	size_t align = min_t(size_t, size & -size, SMP_CACHE_BYTES);

	align = min_t(size_t, align, ARCH_KMALLOC_MINALIGN << 4);
	return max_t(size_t, align, ARCH_KMALLOC_MINALIGN);
}

static const struct objres_test_size objres_test_align_sizes[] = {
	{ 8, "8 bytes" },
	{ 16, "16 bytes, cmpxchg128 alignment" },
	{ 24, "24 bytes" },
	{ 32, "32 bytes" },
	{ 48, "48 bytes" },
	{ 64, "64 bytes, a cache line" },
	{ 96, "96 bytes" },
	{ 128, "128 bytes" },
	{ 192, "192 bytes" },
	{ 320, "320 bytes" },
	{ 4096, "one page" },
};

KUNIT_ARRAY_PARAM_DESC(objres_test_align, objres_test_align_sizes, desc);

/*
 * A structure whose size is a multiple of 16 or of a cache line (one with
 * ____cacheline_aligned members) gets the alignment kmalloc() would give
 * it, and freeing and resizing still find the header.
 */
static void objres_test_kmalloc_aligned(struct kunit *test)
{
	const struct objres_test_size *param = test->param_value;
	struct objres_test_ctx *ctx = test->priv;
	size_t size = param->size;
	size_t align = objres_test_kmalloc_align(size);
	u8 *p = NULL, *q, *r;
	int i;

	/* Several, so that one lucky slab object proves nothing. */
	for (i = 0; i < 4; i++) {
		p = objres_kmalloc(&ctx->head, size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED((unsigned long)p, align),
				      "%lu bytes past a %zu-byte boundary",
				      (unsigned long)p % align, align);
		memset(p, i, size);
	}

	q = objres_kmemdup(&ctx->head, p, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)q, align));
	objres_kfree(&ctx->head, p);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 4);

	/* Into another alignment class and back: the contents follow. */
	r = objres_krealloc(&ctx->head, q, size + 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)r,
					   objres_test_kmalloc_align(size + 8)));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(r, 3, size));
	q = objres_krealloc(&ctx->head, r, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)q, align));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(q, 3, size));
	objres_kfree(&ctx->head, q);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 3);
}

static const struct objres_owner objres_test_dma_owner = {
	.name = "objres-test-dma",
	.dma_safe = true,
};

static const struct objres_test_size objres_test_dma_sizes[] = {
	{ 1, "1 byte" },
	{ 8, "8 bytes" },
	{ 31, "31 bytes, a USB bulk status block" },
	{ ARCH_DMA_MINALIGN, "ARCH_DMA_MINALIGN bytes" },
	{ 200, "200 bytes" },
	{ 3 * ARCH_DMA_MINALIGN, "three times ARCH_DMA_MINALIGN" },
};

KUNIT_ARRAY_PARAM_DESC(objres_test_dma, objres_test_dma_sizes, desc);

/*
 * On a dma_safe head a device may DMA into managed memory over a bus that
 * is not cache coherent: objres must write nothing in the payload's first
 * ARCH_DMA_MINALIGN block while the memory is allocated, although its
 * neighbours on the list come and go and rewrite its list linkage. (On
 * x86, where ARCH_DMA_MINALIGN is 8, that block holds the payload alone.)
 */
static void objres_test_dma_safe(struct kunit *test)
{
	const struct objres_test_size *param = test->param_value;
	struct objres_test_ctx *ctx = test->priv;
	struct objres_head *head = &ctx->head;
	u8 *older, *p, *newer, *front, *snap;
	size_t gap, align;

	objres_head_init(head, &objres_test_dma_owner);
	older = objres_kmalloc(head, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, older);
	p = objres_kmalloc(head, param->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	/* A slab object of a multiple of ARCH_DMA_MINALIGN is aligned to it. */
	if (param->size % ARCH_DMA_MINALIGN == 0)
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p,
						   ARCH_DMA_MINALIGN));
	align = objres_test_kmalloc_align(param->size);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, align));

	front = PTR_ALIGN_DOWN(p, ARCH_DMA_MINALIGN);
	gap = p - front;
	snap = kunit_kmalloc(test, gap + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	memcpy(snap, front, gap);

	newer = objres_kmalloc(head, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, newer);
	objres_kfree(head, older);
	objres_kfree(head, newer);
	KUNIT_ASSERT_EQ(test, objres_count(head), 1);

	KUNIT_EXPECT_MEMEQ(test, front, snap, gap);
	objres_kfree(head, p);
	KUNIT_EXPECT_EQ(test, objres_count(head), 0);
}

struct objres_test_kmalloc_event {
	struct task_struct *task;
	const void *ptr;
	size_t bytes;
	unsigned long call_site;
	int node;
};

/* Notes the last kmalloc() of the task under test. */
static void objres_test_probe_kmalloc(void *data, unsigned long call_site,
				      const void *ptr, size_t bytes_req,
				      size_t bytes_alloc, gfp_t gfp, int node)
{
	struct objres_test_kmalloc_event *ev = data;

	if (current != ev->task)
		return;
	ev->ptr = ptr;
	ev->bytes = bytes_alloc;
	ev->call_site = call_site;
	ev->node = node;
}

/*
 * Slab debugging and the kmalloc trace event charge an allocation to the
 * address the allocator passes on: a wrapper's caller, and its node.
 */
static void objres_test_kmalloc_node_caller(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_kmalloc_event ev = { .task = current };
	unsigned long caller = (unsigned long)objres_test_release_all_lifo;
	int node = first_online_node;
	char name[KSYM_SYMBOL_LEN];
	void *p, *q;

	KUNIT_ASSERT_EQ(test, register_trace_kmalloc(objres_test_probe_kmalloc,
						     &ev), 0);
	p = objres_kmalloc(&ctx->head, 24, GFP_KERNEL);
	unregister_trace_kmalloc(objres_test_probe_kmalloc, &ev);
	tracepoint_synchronize_unregister();
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, ev.ptr <= p && p < ev.ptr + ev.bytes);
	KUNIT_EXPECT_EQ(test, ev.node, NUMA_NO_NODE);
	if (IS_ENABLED(CONFIG_KALLSYMS)) {
		snprintf(name, sizeof(name), "%ps", (void *)ev.call_site);
		KUNIT_EXPECT_STREQ(test, name, __func__);
	}

	KUNIT_ASSERT_EQ(test, register_trace_kmalloc(objres_test_probe_kmalloc,
						     &ev), 0);
	q = __objres_kmalloc_node(&ctx->head, 24, GFP_KERNEL, node, caller);
	unregister_trace_kmalloc(objres_test_probe_kmalloc, &ev);
	tracepoint_synchronize_unregister();
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_ASSERT_TRUE(test, ev.ptr <= q && q < ev.ptr + ev.bytes);
	KUNIT_EXPECT_EQ(test, ev.node, node);
	KUNIT_EXPECT_EQ(test, ev.call_site, caller);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 2);
}

struct objres_test_foreign {
	struct objres_test_ctx *ctx;
	struct kunit *test;
	struct completion done;
	void *victim;
	/* what the other task got */
	void *kmalloc;
	void *group;
	struct objres_node *found;
	unsigned int count;
	int release_group;
};

static int objres_test_foreign_thread(void *data)
{
	struct objres_test_foreign *f = data;
	struct objres_head *head = &f->ctx->head;

	f->kmalloc = objres_kmalloc(head, 8, GFP_KERNEL);
	objres_kfree(head, f->victim);
	f->found = objres_find(head, objres_test_item_release, NULL, NULL);
	f->count = objres_count(head);
	f->group = objres_open_group(head, NULL, GFP_KERNEL);
	f->release_group = objres_release_group(head, f);
	complete(&f->done);
	return 0;
}

/*
 * A work item the driver cancels only in an older action runs while the
 * head is released: from another task, every call is refused (loudly),
 * never a corrupted list or a lost entry.
 */
static void objres_test_foreign_release(void *data)
{
	struct objres_test_foreign *f = data;
	struct task_struct *task;

	OBJRES_EXPECT_WARN(f->test);
	task = kthread_run(objres_test_foreign_thread, f, "objres-foreign");
	if (IS_ERR(task)) {
		objres_test_note(f->ctx, -1);
		return;
	}
	wait_for_completion(&f->done);
	objres_test_note(f->ctx, 20);
}

static void objres_test_other_task_while_releasing(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_item *item = objres_test_item(test, 2);
	struct objres_test_foreign *f;
	int ret;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->ctx = ctx;
	f->test = test;
	init_completion(&f->done);
	f->found = ERR_PTR(-EINVAL);
	f->kmalloc = ERR_PTR(-EINVAL);
	f->group = ERR_PTR(-EINVAL);

	/* before: 1 -> item 2 -> victim -> foreign release */
	objres_test_add(test, 1);
	KUNIT_ASSERT_EQ(test, objres_add(&ctx->head, &item->node), 0);
	f->victim = objres_kmalloc(&ctx->head, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->victim);
	ret = objres_add_action(&ctx->head, objres_test_foreign_release, f);
	KUNIT_ASSERT_EQ(test, ret, 0);

	objres_test_release_all(ctx);

	KUNIT_EXPECT_NULL(test, f->kmalloc);
	KUNIT_EXPECT_NULL(test, f->found);
	KUNIT_EXPECT_EQ(test, f->count, 0);
	KUNIT_EXPECT_NULL(test, f->group);
	KUNIT_EXPECT_EQ(test, f->release_group, -EBUSY);
	/* The victim was released in its turn, once (KASAN watches). */
	OBJRES_EXPECT_LOG(test, ctx, 20, 2, 1);
	OBJRES_EXPECT_REL(test, ctx, "objres_test_foreign_release", "kmalloc",
			  "item", "objres_test_record");
}

struct objres_test_readd {
	struct objres_test_ctx *ctx;
	struct kunit *test;
	int ret;
};

static void objres_test_readd_release(struct objres_head *head,
				      struct objres_node *node)
{
	struct objres_test_readd **slot = (void *)(node + 1);
	struct objres_test_readd *r = *slot;

	OBJRES_EXPECT_WARN(r->test);
	/* Misuse: the node is freed when this returns. */
	r->ret = objres_add(head, node);
	objres_test_note(r->ctx, 30);
}

/* An allocated node re-added from its own release is refused. */
static void objres_test_node_alloc_readd_refused(struct kunit *test)
{
	struct objres_test_ctx *ctx = test->priv;
	struct objres_test_readd *r;
	struct objres_node *node;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->ctx = ctx;
	r->test = test;
	r->ret = 1;
	node = objres_node_alloc(sizeof(*node) + sizeof(r),
				 objres_test_readd_release, "readd",
				 GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, node);
	*(struct objres_test_readd **)(node + 1) = r;
	KUNIT_ASSERT_EQ(test, objres_add(&ctx->head, node), 0);
	objres_test_add(test, 1);

	/* Released early, then at the end: neither may see the node again. */
	KUNIT_ASSERT_EQ(test, objres_release(&ctx->head, node), 0);
	KUNIT_EXPECT_EQ(test, r->ret, -EBUSY);
	objres_test_release_all(ctx);
	OBJRES_EXPECT_LOG(test, ctx, 30, 1);
	KUNIT_EXPECT_EQ(test, objres_count(&ctx->head), 0);
}

static struct kunit_case objres_test_cases[] = {
	KUNIT_CASE(objres_test_release_all_lifo),
	KUNIT_CASE(objres_test_other_task_while_releasing),
	KUNIT_CASE(objres_test_node_alloc_readd_refused),
	KUNIT_CASE_PARAM(objres_test_kmalloc_aligned, objres_test_align_gen_params),
	KUNIT_CASE_PARAM(objres_test_dma_safe, objres_test_dma_gen_params),
	KUNIT_CASE(objres_test_kmalloc_node_caller),
	KUNIT_CASE(objres_test_release_all_mixed),
	KUNIT_CASE(objres_test_release_pending_and_merged),
	KUNIT_CASE(objres_test_final_kfree_last),
	KUNIT_CASE(objres_test_release_all_twice),
	KUNIT_CASE(objres_test_container_kept_while_releasing),
	KUNIT_CASE(objres_test_idle),
	KUNIT_CASE(objres_test_add_action_or_reset_enomem),
	KUNIT_CASE(objres_test_add_action_enomem),
	KUNIT_CASE(objres_test_kmalloc_enomem),
	KUNIT_CASE(objres_test_remove_action),
	KUNIT_CASE(objres_test_release_action),
	KUNIT_CASE(objres_test_action_exact_match),
	KUNIT_CASE(objres_test_action_newest_of_two),
	KUNIT_CASE(objres_test_nowarn_enoent),
	KUNIT_CASE_PARAM(objres_test_kmalloc_sizes, objres_test_size_gen_params),
	KUNIT_CASE(objres_test_kmalloc_zero_size),
	KUNIT_CASE(objres_test_size_overflow),
	KUNIT_CASE(objres_test_kcalloc),
	KUNIT_CASE(objres_test_krealloc),
	KUNIT_CASE(objres_test_krealloc_null_and_zero),
	KUNIT_CASE(objres_test_krealloc_enomem),
	KUNIT_CASE(objres_test_kfree_foreign),
	KUNIT_CASE(objres_test_kfree_twice),
	KUNIT_CASE(objres_test_kfree_other_head),
	KUNIT_CASE(objres_test_krealloc_foreign),
	KUNIT_CASE(objres_test_strings),
	KUNIT_CASE(objres_test_group_release),
	KUNIT_CASE(objres_test_group_nested),
	KUNIT_CASE(objres_test_group_outer_takes_inner),
	KUNIT_CASE(objres_test_group_open_until_newest),
	KUNIT_CASE(objres_test_group_remove),
	KUNIT_CASE(objres_test_group_overlap),
	KUNIT_CASE(objres_test_find),
	KUNIT_CASE(objres_test_reset_reuse),
	KUNIT_CASE(objres_test_find_or_add_walk),
	KUNIT_CASE(objres_test_embedded_no_alloc),
	KUNIT_CASE(objres_test_embedded_remove_release),
	KUNIT_CASE(objres_test_node_alloc),
	KUNIT_CASE(objres_test_add_during_release),
	KUNIT_CASE(objres_test_add_after_release),
	KUNIT_CASE(objres_test_concurrent),
	KUNIT_CASE(objres_test_trace_events),
	KUNIT_CASE(objres_test_debugfs_file),
	KUNIT_CASE(objres_test_no_debugfs),
	KUNIT_CASE(objres_test_reset_sweep),
	{}
};

static struct kunit_suite objres_test_suite = {
	.name = "objres",
	.init = objres_test_init,
	.exit = objres_test_exit,
	.test_cases = objres_test_cases,
};

kunit_test_suite(objres_test_suite);

MODULE_DESCRIPTION("KUnit tests for objres");
MODULE_LICENSE("GPL");
