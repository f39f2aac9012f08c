// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of devres on objres: what a device's head adds to objres,
 * driven through real probes and unbinds of a platform device.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/kthread.h>
#include <linux/objres.h>
#include <linux/platform_device.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "../trace.h"

#define DEVRES_TEST_LOG	32

/* What the test driver's probe does, and what its resources did. */
struct devres_test_ctx {
	int nactions;		/* actions the next probe adds */
	bool group;		/* ... inside a group it leaves open */
	int probe_ret;		/* what the probe returns */
	int round;		/* ids are round * 100 + n */
	int log[DEVRES_TEST_LOG];
	int nlog;
	struct device *dev;
};

static struct devres_test_ctx *devres_test_ctx;

static void devres_test_record(void *data)
{
	struct devres_test_ctx *ctx = devres_test_ctx;

	if (ctx->nlog < DEVRES_TEST_LOG)
		ctx->log[ctx->nlog++] = (long)data;
}

static int devres_test_probe(struct platform_device *pdev)
{
	struct devres_test_ctx *ctx = devres_test_ctx;
	int i, ret;

	if (ctx->group && !devres_open_group(&pdev->dev, NULL, GFP_KERNEL))
		return -ENOMEM;
	for (i = 1; i <= ctx->nactions; i++) {
		/* Memory between the actions: it goes in the same order. */
		if (!devm_kzalloc(&pdev->dev, 8 * i, GFP_KERNEL))
			return -ENOMEM;
		ret = devm_add_action(&pdev->dev, devres_test_record,
				      (void *)(long)(ctx->round * 100 + i));
		if (ret)
			return ret;
	}
	ctx->dev = &pdev->dev;
	return ctx->probe_ret;
}

static struct platform_driver devres_test_driver = {
	.probe = devres_test_probe,
	.driver = {
		.name = "devres-kunit",
	},
};

static void devres_test_unregister_driver(void *unused)
{
	platform_driver_unregister(&devres_test_driver);
}

static void devres_test_unregister_device(void *pdev)
{
	platform_device_unregister(pdev);
}

static int devres_test_init(struct kunit *test)
{
	devres_test_ctx = kunit_kzalloc(test, sizeof(*devres_test_ctx),
					GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, devres_test_ctx);
	return 0;
}

/* Register the driver and a device for it, unregistered after the test. */
static struct platform_device *devres_test_bind(struct kunit *test)
{
	struct platform_device *pdev;

	int ret;

	KUNIT_ASSERT_EQ(test, platform_driver_register(&devres_test_driver), 0);
	ret = kunit_add_action_or_reset(test, devres_test_unregister_driver,
					NULL);
	KUNIT_ASSERT_EQ(test, ret, 0);
	pdev = platform_device_register_simple("devres-kunit", -1, NULL, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	ret = kunit_add_action_or_reset(test, devres_test_unregister_device,
					pdev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return pdev;
}

static void devres_test_expect_log(struct kunit *test, const int *expected,
				   int n)
{
	struct devres_test_ctx *ctx = devres_test_ctx;

	KUNIT_ASSERT_EQ(test, ctx->nlog, n);
	KUNIT_EXPECT_MEMEQ(test, ctx->log, expected, n * sizeof(*expected));
	ctx->nlog = 0;
}

#define DEVRES_EXPECT_LOG(test, ...)					\
	devres_test_expect_log(test, (const int[]){ __VA_ARGS__ },	\
			       sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

/*
 * One device, bound and unbound three times: each unbind releases that
 * probe's resources newest first and leaves the head live and empty for the
 * next probe.
 */
static void devres_test_rebind_reuse(struct kunit *test)
{
	struct devres_test_ctx *ctx = devres_test_ctx;
	struct platform_device *pdev;
	int round;

	ctx->nactions = 3;
	ctx->round = 1;
	pdev = devres_test_bind(test);
	KUNIT_ASSERT_PTR_EQ(test, ctx->dev, &pdev->dev);

	for (round = 1; round <= 3; round++) {
		KUNIT_EXPECT_EQ(test, objres_count(&pdev->dev.devres), 6U);
		device_release_driver(&pdev->dev);
		DEVRES_EXPECT_LOG(test, round * 100 + 3, round * 100 + 2,
				  round * 100 + 1);
		KUNIT_EXPECT_TRUE(test, objres_idle(&pdev->dev.devres));

		ctx->round = round + 1;
		KUNIT_ASSERT_EQ(test, device_attach(&pdev->dev), 1);
	}
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	/* Lockdep still names the lock as 6.12 did. */
	KUNIT_EXPECT_STREQ(test, pdev->dev.devres.lock.dep_map.name,
			   "&dev->devres_lock");
#endif
}

/* A failing probe leaves nothing behind, and the next probe starts clean. */
static void devres_test_probe_failure(struct kunit *test)
{
	struct devres_test_ctx *ctx = devres_test_ctx;
	struct platform_device *pdev;

	ctx->nactions = 4;
	ctx->round = 1;
	ctx->probe_ret = -EINVAL;
	pdev = devres_test_bind(test);
	KUNIT_EXPECT_NULL(test, pdev->dev.driver);
	DEVRES_EXPECT_LOG(test, 104, 103, 102, 101);
	KUNIT_EXPECT_TRUE(test, objres_idle(&pdev->dev.devres));

	ctx->probe_ret = 0;
	ctx->round = 2;
	KUNIT_ASSERT_EQ(test, device_attach(&pdev->dev), 1);
	KUNIT_EXPECT_EQ(test, ctx->nlog, 0);
	device_release_driver(&pdev->dev);
	DEVRES_EXPECT_LOG(test, 204, 203, 202, 201);
}

/*
 * A probe that fails inside a group it opened: the group and everything in
 * it go with the rest; a later probe's groups work on the same head.
 */
static void devres_test_group_failed_probe(struct kunit *test)
{
	struct devres_test_ctx *ctx = devres_test_ctx;
	struct platform_device *pdev;
	struct device *dev;
	void *id;

	ctx->nactions = 2;
	ctx->round = 1;
	ctx->group = true;
	ctx->probe_ret = -EIO;
	pdev = devres_test_bind(test);
	dev = &pdev->dev;
	DEVRES_EXPECT_LOG(test, 102, 101);
	KUNIT_EXPECT_TRUE(test, objres_idle(&dev->devres));

	ctx->group = false;
	ctx->probe_ret = 0;
	ctx->round = 2;
	KUNIT_ASSERT_EQ(test, device_attach(dev), 1);

	id = devres_open_group(dev, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, id);
	KUNIT_ASSERT_EQ(test, devm_add_action(dev, devres_test_record,
					      (void *)301L), 0);
	KUNIT_ASSERT_EQ(test, devm_add_action(dev, devres_test_record,
					      (void *)302L), 0);
	devres_close_group(dev, id);
	KUNIT_EXPECT_EQ(test, devres_release_group(dev, id), 2);
	DEVRES_EXPECT_LOG(test, 302, 301);

	device_release_driver(dev);
	DEVRES_EXPECT_LOG(test, 202, 201);
}

struct devres_test_race {
	struct device *dev;
	struct completion go;
	struct completion done;
	void *got[2];
};

static void devres_test_race_release(struct device *dev, void *res)
{
}

/* Both tasks allocate first, so that nothing but devres_get() is left. */
static void devres_test_race_one(struct devres_test_race *race, int i,
				 void *res)
{
	wait_for_completion(&race->go);
	if (res)
		race->got[i] = devres_get(race->dev, res, NULL, NULL);
}

static int devres_test_race_thread(void *data)
{
	struct devres_test_race *race = data;

	devres_test_race_one(race, 1,
			     devres_alloc(devres_test_race_release,
					  sizeof(long), GFP_KERNEL));
	complete(&race->done);
	return 0;
}

/*
 * Two tasks that devres_get() the same kind of resource at once get the
 * same one, and exactly one is on the device; the other was freed (KASAN
 * and kmemleak would tell otherwise).
 */
static void devres_test_get_race(struct kunit *test)
{
	struct devres_test_race race;
	struct task_struct *task;
	void *res;
	int i, ret;

	race.dev = kunit_device_register(test, "devres-race");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, race.dev);

	for (i = 0; i < 50; i++) {
		init_completion(&race.go);
		init_completion(&race.done);
		race.got[0] = NULL;
		race.got[1] = NULL;
		task = kthread_run(devres_test_race_thread, &race,
				   "devres-race");
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
		get_task_struct(task);
		res = devres_alloc(devres_test_race_release, sizeof(long),
				   GFP_KERNEL);
		complete_all(&race.go);
		devres_test_race_one(&race, 0, res);
		wait_for_completion(&race.done);
		kthread_stop(task);
		put_task_struct(task);

		KUNIT_ASSERT_NOT_NULL(test, race.got[0]);
		KUNIT_ASSERT_PTR_EQ(test, race.got[0], race.got[1]);
		KUNIT_ASSERT_EQ(test, objres_count(&race.dev->devres), 1U);
		ret = devres_destroy(race.dev, devres_test_race_release, NULL,
				     NULL);
		KUNIT_ASSERT_EQ(test, ret, 0);
	}
}

/* In the kernel's read-only data when the suite is built in. */
static const char devres_test_rodata[] = "rodata";

/* Freeing memory a device does not own warns and changes nothing. */
static void devres_test_kfree_foreign(struct kunit *test)
{
	struct device *dev, *other;
	char *mine, *theirs, *plain;
	const char *ro;

	dev = kunit_device_register(test, "devres-kfree");
	other = kunit_device_register(test, "devres-kfree-other");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	mine = devm_kstrdup(dev, "mine", GFP_KERNEL);
	theirs = devm_kstrdup(other, "theirs", GFP_KERNEL);
	plain = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mine);
	KUNIT_ASSERT_NOT_NULL(test, theirs);
	KUNIT_ASSERT_NOT_NULL(test, plain);

	kunit_info(test, "expect WARN at drivers/base/objres.c\n");
	devm_kfree(dev, plain);
	devm_kfree(dev, theirs);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->devres), 1U);
	KUNIT_EXPECT_EQ(test, objres_count(&other->devres), 1U);
	KUNIT_EXPECT_STREQ(test, theirs, "theirs");

	devm_kfree(dev, mine);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->devres), 0U);
	/*
	 * Read-only strings from devm_kstrdup_const() are not the device's.
	 * A module's rodata is not the kernel's: only built in.
	 */
	if (!IS_BUILTIN(CONFIG_DM_KUNIT_TEST))
		return;
	ro = devm_kstrdup_const(dev, devres_test_rodata, GFP_KERNEL);
	KUNIT_EXPECT_PTR_EQ(test, ro, (const char *)devres_test_rodata);
	devm_kfree(dev, ro);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->devres), 0U);
}

/* As 6.12: DMA-safe, and aligned as kmalloc() aligns the same size. */
static void devres_test_kmalloc_aligned(struct kunit *test)
{
	static const size_t sizes[] = { 1, 8, 24, 64, 96, 200, 256, 4096 };
	struct device *dev;
	unsigned int i;
	size_t align;
	void *p;

	dev = kunit_device_register(test, "devres-align");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		align = max_t(size_t, ARCH_DMA_MINALIGN,
			      min_t(size_t, sizes[i] & -sizes[i],
				    max(SMP_CACHE_BYTES, ARCH_DMA_MINALIGN)));
		p = devm_kmalloc(dev, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED((unsigned long)p, align),
				      "size %zu at %p, want %zu", sizes[i], p,
				      align);
		p = devres_alloc(devres_test_race_release, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p,
						   ARCH_DMA_MINALIGN));
		devres_free(p);
	}
}

static int devres_test_match_long(struct device *dev, void *res, void *data)
{
	return *(long *)res == *(long *)data;
}

static void devres_test_collect(struct device *dev, void *res, void *data)
{
	struct devres_test_ctx *ctx = data;

	if (ctx->nlog < DEVRES_TEST_LOG)
		ctx->log[ctx->nlog++] = *(long *)res;
}

static void devres_test_long_release(struct device *dev, void *res)
{
	devres_test_record((void *)*(long *)res);
}

/*
 * find, remove, destroy and release match on the release function and the
 * match function, newest first, as devres_for_each_res() walks.
 */
static void devres_test_find_and_walk(struct kunit *test)
{
	struct devres_test_ctx *ctx = devres_test_ctx;
	struct device *dev;
	long key, *res;
	int i;

	dev = kunit_device_register(test, "devres-find");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	for (i = 1; i <= 4; i++) {
		res = devres_alloc(devres_test_long_release, sizeof(*res),
				   GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, res);
		*res = i % 2 ? 1 : 2;	/* 1, 2, 1, 2 */
		devres_add(dev, res);
		KUNIT_ASSERT_EQ(test, devm_add_action(dev, devres_test_record,
						      (void *)(long)(10 + i)),
				0);
	}

	devres_for_each_res(dev, devres_test_long_release, NULL, NULL,
			    devres_test_collect, ctx);
	DEVRES_EXPECT_LOG(test, 2, 1, 2, 1);
	key = 2;
	devres_for_each_res(dev, devres_test_long_release,
			    devres_test_match_long, &key, devres_test_collect,
			    ctx);
	DEVRES_EXPECT_LOG(test, 2, 2);

	key = 1;
	res = devres_find(dev, devres_test_long_release,
			  devres_test_match_long, &key);
	KUNIT_ASSERT_NOT_NULL(test, res);
	KUNIT_EXPECT_EQ(test, *res, 1L);
	KUNIT_EXPECT_NULL(test, devres_find(dev, devres_test_race_release,
					    NULL, NULL));

	res = devres_remove(dev, devres_test_long_release,
			    devres_test_match_long, &key);
	KUNIT_ASSERT_NOT_NULL(test, res);
	devres_free(res);
	key = 2;
	KUNIT_EXPECT_EQ(test, devres_release(dev, devres_test_long_release,
					     devres_test_match_long, &key), 0);
	DEVRES_EXPECT_LOG(test, 2);
	devm_release_action(dev, devres_test_record, (void *)12L);
	devm_remove_action(dev, devres_test_record, (void *)13L);
	DEVRES_EXPECT_LOG(test, 12);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->devres), 4U);

	/* What is left goes at the device's end, newest first. */
	kunit_device_unregister(test, dev);
	DEVRES_EXPECT_LOG(test, 14, 2, 11, 1);
}

/* As in 6.12, devres_alloc() payloads are zeroed, whatever the gfp. */
static void devres_test_alloc_zeroed(struct kunit *test)
{
	u8 *res;
	int i, j;

	for (i = 0; i < 16; i++) {
		res = devres_alloc(devres_test_race_release, 48, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, res);
		for (j = 0; j < 48; j++)
			KUNIT_ASSERT_EQ(test, res[j], 0);
		/* Dirty it: the next round likely gets the same object. */
		memset(res, 0xa5, 48);
		devres_free(res);
	}
}

struct devres_test_foreign {
	struct device *dev;
	struct completion start;
	struct completion done;
	void *found;
	void *added;
	long *got;
};

static int devres_test_foreign_thread(void *data)
{
	struct devres_test_foreign *f = data;
	long *res;

	wait_for_completion(&f->start);
	f->found = devres_find(f->dev, devres_test_long_release, NULL, NULL);
	f->added = devm_kzalloc(f->dev, 16, GFP_KERNEL);
	res = devres_alloc(devres_test_long_release, sizeof(*res), GFP_KERNEL);
	if (res) {
		*res = 77;
		f->got = devres_get(f->dev, res, NULL, NULL);
	}
	complete(&f->done);
	return 0;
}

/* Runs in the unbind: hands over to the other task until it is done. */
static void devres_test_foreign_action(void *data)
{
	struct devres_test_foreign *f = data;

	complete(&f->start);
	wait_for_completion(&f->done);
}

/*
 * Another task that uses a device's devres while its driver unbinds, as
 * the firmware loader may: as with 6.12, the device looks empty to it, its
 * additions are kept, and nothing warns.
 */
static void devres_test_foreign_during_unbind(struct kunit *test)
{
	struct devres_test_foreign f = {};
	struct platform_device *pdev;
	struct task_struct *task;
	long *res;

	pdev = devres_test_bind(test);
	f.dev = &pdev->dev;
	init_completion(&f.start);
	init_completion(&f.done);
	res = devres_alloc(devres_test_long_release, sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	*res = 1;
	devres_add(f.dev, res);
	KUNIT_ASSERT_EQ(test, devm_add_action(f.dev, devres_test_foreign_action,
					      &f), 0);
	task = kthread_run(devres_test_foreign_thread, &f, "devres-foreign");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	get_task_struct(task);

	device_release_driver(f.dev);
	/* Done with @f: the thread has returned or is about to. */
	kthread_stop(task);
	put_task_struct(task);
	/* The first resource went after the other task was done with it. */
	DEVRES_EXPECT_LOG(test, 1);
	KUNIT_EXPECT_NULL(test, f.found);
	KUNIT_ASSERT_NOT_NULL(test, f.added);
	KUNIT_ASSERT_NOT_NULL(test, f.got);
	KUNIT_EXPECT_EQ(test, *f.got, 77L);
	KUNIT_EXPECT_EQ(test, objres_count(&f.dev->devres), 2U);
	KUNIT_EXPECT_PTR_EQ(test, devres_find(f.dev, devres_test_long_release,
					      NULL, NULL), (void *)f.got);

	/* They are the device's like any other. */
	devm_kfree(f.dev, f.added);
	KUNIT_EXPECT_EQ(test, devres_release(f.dev, devres_test_long_release,
					     NULL, NULL), 0);
	DEVRES_EXPECT_LOG(test, 77);
	KUNIT_EXPECT_TRUE(test, objres_idle(&f.dev->devres));
}

/* The devres_log tracepoint is not exported: a module cannot probe it. */
#if IS_BUILTIN(CONFIG_DM_KUNIT_TEST)
struct devres_test_event {
	struct device *dev;
	char ops[8][4];
	const char *names[8];
	size_t sizes[8];
	int n;
};

static void devres_test_probe_log(void *data, struct device *dev,
				  const char *op, void *node,
				  const char *name, size_t size)
{
	struct devres_test_event *ev = data;

	if (dev != ev->dev || ev->n >= ARRAY_SIZE(ev->names))
		return;
	strscpy(ev->ops[ev->n], op);
	ev->names[ev->n] = name;
	ev->sizes[ev->n++] = size;
}

/*
 * The devres_log trace event, as 6.12 emits it: managed memory is
 * devm_kzalloc_release with its size, a devres_alloc() resource has the
 * name of its release function, and a resource taken back is REM.
 */
static void devres_test_log_event(struct kunit *test)
{
	struct devres_test_event ev = {};
	long *res;

	ev.dev = kunit_device_register(test, "devres-log");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ev.dev);
	KUNIT_ASSERT_EQ(test, register_trace_devres_log(devres_test_probe_log,
							&ev), 0);

	KUNIT_EXPECT_NOT_NULL(test, devm_kzalloc(ev.dev, 24, GFP_KERNEL));
	res = devres_alloc(devres_test_long_release, sizeof(*res), GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, res);
	if (res) {
		devres_add(ev.dev, res);
		res = devres_remove(ev.dev, devres_test_long_release, NULL,
				    NULL);
		devres_free(res);
	}
	/* Its unregistration releases the rest; the pointer is only a key. */
	kunit_device_unregister(test, ev.dev);

	unregister_trace_devres_log(devres_test_probe_log, &ev);
	tracepoint_synchronize_unregister();

	KUNIT_ASSERT_EQ(test, ev.n, 4);
	KUNIT_EXPECT_STREQ(test, ev.ops[0], "ADD");
	KUNIT_EXPECT_STREQ(test, ev.names[0], "devm_kzalloc_release");
	KUNIT_EXPECT_EQ(test, ev.sizes[0], 24);
	KUNIT_EXPECT_STREQ(test, ev.ops[1], "ADD");
	KUNIT_EXPECT_STREQ(test, ev.names[1], "devres_test_long_release");
	KUNIT_EXPECT_STREQ(test, ev.ops[2], "REM");
	KUNIT_EXPECT_STREQ(test, ev.names[2], "devres_test_long_release");
	KUNIT_EXPECT_STREQ(test, ev.ops[3], "REL");
	KUNIT_EXPECT_STREQ(test, ev.names[3], "devm_kzalloc_release");
	/* Without OBJRES_DEBUG the size is read back from the slab object. */
	if (IS_ENABLED(CONFIG_OBJRES_DEBUG))
		KUNIT_EXPECT_EQ(test, ev.sizes[3], 24);
	else
		KUNIT_EXPECT_GE(test, ev.sizes[3], 24);
}
#else
static void devres_test_log_event(struct kunit *test)
{
	kunit_skip(test, "the devres_log tracepoint is not exported");
}
#endif

static struct kunit_case devres_test_cases[] = {
	KUNIT_CASE(devres_test_rebind_reuse),
	KUNIT_CASE(devres_test_probe_failure),
	KUNIT_CASE(devres_test_group_failed_probe),
	KUNIT_CASE(devres_test_get_race),
	KUNIT_CASE(devres_test_kfree_foreign),
	KUNIT_CASE(devres_test_kmalloc_aligned),
	KUNIT_CASE(devres_test_find_and_walk),
	KUNIT_CASE(devres_test_alloc_zeroed),
	KUNIT_CASE(devres_test_foreign_during_unbind),
	KUNIT_CASE(devres_test_log_event),
	{}
};

static struct kunit_suite devres_test_suite = {
	.name = "devres_objres",
	.init = devres_test_init,
	.test_cases = devres_test_cases,
};

kunit_test_suite(devres_test_suite);

MODULE_DESCRIPTION("KUnit tests of devres on objres");
MODULE_LICENSE("GPL");
