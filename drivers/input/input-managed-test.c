// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for inputm_, resources released at the final put of an
 * input_dev, and for the hook in input core that releases them.
 */

#include <kunit/device.h>
#include <kunit/resource.h>
#include <kunit/test.h>

#include <linux/device.h>
#include <linux/input.h>
#include <linux/input-managed.h>
#include <linux/kasan.h>
#include <linux/mutex.h>
#include <linux/objres.h>
#include <linux/slab.h>
#include <linux/string.h>

#define INPUTM_TEST_LOG		16
#define INPUTM_TEST_CANARY	0x1ee7c0deU
#define INPUTM_TEST_DEVM	50
#define INPUTM_TEST_FF_DESTROY	60
#define INPUTM_TEST_ABS_MAX	1023

struct inputm_test_priv {
	struct device *parent;
	/* what ran, in order; outlives every input_dev of the case */
	int log[INPUTM_TEST_LOG];
	unsigned int nlog;
	/* the input_dev the handler binds to, and its open handle */
	struct input_dev *dev;
	struct input_handler handler;
	struct input_handle *handle;
	struct mutex lock; /* for inputm_mutex_init() */
};

struct inputm_test_rec {
	struct inputm_test_priv *priv;
	int id;
};

static void inputm_test_note(struct inputm_test_priv *priv, int id)
{
	if (priv->nlog < INPUTM_TEST_LOG)
		priv->log[priv->nlog++] = id;
}

/*
 * An inputm_ action: notes its id if the whole device is still there, the
 * core's absinfo included, or -1. A freed device is a KASAN report, which
 * fails the case.
 */
static void inputm_test_record(struct input_dev *dev, void *data)
{
	struct inputm_test_rec *rec = data;
	bool intact = input_get_drvdata(dev) == rec->priv &&
		      input_abs_get_max(dev, ABS_X) == INPUTM_TEST_ABS_MAX;

	inputm_test_note(rec->priv, intact ? rec->id : -1);
}

static void inputm_test_devm_record(void *data)
{
	inputm_test_note(data, INPUTM_TEST_DEVM);
}

static void inputm_test_expect_log(struct kunit *test, const int *expected,
				   unsigned int n)
{
	struct inputm_test_priv *priv = test->priv;

	KUNIT_ASSERT_EQ(test, priv->nlog, n);
	KUNIT_EXPECT_MEMEQ(test, priv->log, expected, n * sizeof(*expected));
}

#define INPUTM_EXPECT_LOG(test, ...)					\
	inputm_test_expect_log(test, (const int[]){ __VA_ARGS__ },	\
			       sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

/* The case provokes a WARN in @file on purpose (see mk/kunit-verdict.py). */
#define INPUTM_EXPECT_WARN(test, file)					\
	kunit_info(test, "expect WARN at %s\n", file)

static struct inputm_test_rec *inputm_test_rec(struct kunit *test, int id)
{
	struct inputm_test_rec *rec;

	rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->priv = test->priv;
	rec->id = id;
	return rec;
}

static void inputm_test_add(struct kunit *test, struct input_dev *dev, int id)
{
	int ret;

	ret = inputm_add_action(dev, inputm_test_record,
				inputm_test_rec(test, id));
	KUNIT_ASSERT_EQ(test, ret, 0);
}

/* Whether KASAN marks the first eight bytes at @p inaccessible (freed). */
static bool inputm_test_poisoned(const void *p)
{
#ifdef CONFIG_KASAN_GENERIC
	const unsigned long *shadow = kasan_mem_to_shadow(p);
	unsigned long word = READ_ONCE_NOCHECK(*shadow);

	/* The shadow byte of the first eight bytes, whatever the endianness. */
	return *(u8 *)&word != 0;
#else
	return false;
#endif
}

/* What every device of the suite has: drvdata and the core's absinfo. */
static void inputm_test_setup(struct kunit *test, struct input_dev *dev)
{
	dev->name = "inputm-test";
	input_set_drvdata(dev, test->priv);
	input_set_abs_params(dev, ABS_X, 0, INPUTM_TEST_ABS_MAX, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, dev->absinfo);
}

/* A device of the driver bound to the case's parent, as probe makes it. */
static struct input_dev *inputm_test_devm_alloc(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_dev *dev;

	dev = devm_input_allocate_device(priv->parent);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	inputm_test_setup(test, dev);
	priv->dev = dev;
	return dev;
}

/* A device that the caller frees with input_free_device() or a put. */
static struct input_dev *inputm_test_alloc(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_dev *dev;

	dev = input_allocate_device();
	KUNIT_ASSERT_NOT_NULL(test, dev);
	inputm_test_setup(test, dev);
	priv->dev = dev;
	return dev;
}

/* Unbind the parent: devm_ resources go, the devm input_dev unregisters. */
static void inputm_test_unbind(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;

	kunit_device_unregister(test, priv->parent);
	priv->parent = NULL;
}

/*
 * A handler that binds to the case's device only and keeps its handle's
 * reference after the device goes, as evdev does until the last close of
 * /dev/input/eventN.
 */
static bool inputm_test_match(struct input_handler *handler,
			      struct input_dev *dev)
{
	struct inputm_test_priv *priv =
		container_of(handler, struct inputm_test_priv, handler);

	return dev == priv->dev;
}

static int inputm_test_connect(struct input_handler *handler,
			       struct input_dev *dev,
			       const struct input_device_id *id)
{
	struct inputm_test_priv *priv =
		container_of(handler, struct inputm_test_priv, handler);
	struct input_handle *handle;
	int ret;

	handle = kzalloc(sizeof(*handle), GFP_KERNEL);
	if (!handle)
		return -ENOMEM;
	handle->dev = input_get_device(dev);
	handle->handler = handler;
	handle->name = "inputm-test";
	ret = input_register_handle(handle);
	if (!ret) {
		ret = input_open_device(handle);
		if (ret)
			input_unregister_handle(handle);
	}
	if (ret) {
		input_put_device(handle->dev);
		kfree(handle);
		return ret;
	}
	priv->handle = handle;
	return 0;
}

static void inputm_test_disconnect(struct input_handle *handle)
{
	/* The reference stays: only the last close drops it. */
	input_close_device(handle);
	input_unregister_handle(handle);
}

static const struct input_device_id inputm_test_ids[] = {
	{ .driver_info = 1 },	/* every device; match() picks the case's */
	{ }
};

KUNIT_DEFINE_ACTION_WRAPPER(inputm_test_unregister_handler,
			    input_unregister_handler, struct input_handler *);

/* Open a handle on the case's registered device. */
static void inputm_test_open(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_handler *handler = &priv->handler;
	int ret;

	handler->name = "inputm-test";
	handler->match = inputm_test_match;
	handler->connect = inputm_test_connect;
	handler->disconnect = inputm_test_disconnect;
	handler->id_table = inputm_test_ids;
	KUNIT_ASSERT_EQ(test, input_register_handler(handler), 0);
	ret = kunit_add_action_or_reset(test, inputm_test_unregister_handler,
					handler);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_NOT_NULL(test, priv->handle);
}

/* The last close of the handle: drops the last reference. */
static void inputm_test_close(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_handle *handle = priv->handle;

	priv->handle = NULL;
	input_put_device(handle->dev);
	kfree(handle);
}

static int inputm_test_init(struct kunit *test)
{
	struct inputm_test_priv *priv;

	priv = kunit_kzalloc(test, sizeof(*priv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, priv);
	priv->parent = kunit_device_register(test, "inputm-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, priv->parent);
	test->priv = priv;
	return 0;
}

/*
 * The hot-unplug timeline: a handle is open while the driver unbinds.
 * devm_ resources go at unbind and the device is unregistered; inputm_
 * resources only at the last close, newest first, while the device and
 * the core's state are intact; the input_dev is freed after them.
 */
static void input_managed_test_unplug_with_handle_open(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_dev *dev = inputm_test_devm_alloc(test);
	int ret;

	KUNIT_ASSERT_EQ(test, input_register_device(dev), 0);
	inputm_test_add(test, dev, 1);
	KUNIT_ASSERT_NOT_NULL(test, inputm_kzalloc(dev, 64, GFP_KERNEL));
	inputm_test_add(test, dev, 2);
	ret = devm_add_action_or_reset(priv->parent, inputm_test_devm_record,
				       priv);
	KUNIT_ASSERT_EQ(test, ret, 0);
	inputm_test_open(test);

	inputm_test_unbind(test);
	INPUTM_EXPECT_LOG(test, INPUTM_TEST_DEVM);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 3);
	KUNIT_EXPECT_FALSE(test, inputm_test_poisoned(dev));

	inputm_test_close(test);
	INPUTM_EXPECT_LOG(test, INPUTM_TEST_DEVM, 2, 1);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, inputm_test_poisoned(dev));
}

/* Without an open handle the final put comes with the unbind. */
static void input_managed_test_release_at_unbind(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_dev *dev = inputm_test_devm_alloc(test);
	int i, ret;

	KUNIT_ASSERT_EQ(test, input_register_device(dev), 0);
	for (i = 1; i <= 3; i++) {
		inputm_test_add(test, dev, i);
		KUNIT_ASSERT_NOT_NULL(test, inputm_kmalloc(dev, 8 * i,
							   GFP_KERNEL));
	}
	ret = devm_add_action_or_reset(priv->parent, inputm_test_devm_record,
				       priv);
	KUNIT_ASSERT_EQ(test, ret, 0);

	inputm_test_unbind(test);
	INPUTM_EXPECT_LOG(test, INPUTM_TEST_DEVM, 3, 2, 1);
}

/* A device that is never registered: input_free_device() releases. */
static void input_managed_test_release_unregistered(struct kunit *test)
{
	struct input_dev *dev = inputm_test_alloc(test);

	inputm_test_add(test, dev, 1);
	KUNIT_ASSERT_NOT_NULL(test, inputm_kstrdup(dev, "phys", GFP_KERNEL));
	inputm_test_add(test, dev, 2);

	input_free_device(dev);
	INPUTM_EXPECT_LOG(test, 2, 1);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, inputm_test_poisoned(dev));
}

/* Force-feedback state that a driver keeps in inputm_ memory. */
struct inputm_test_ff_state {
	struct inputm_test_priv *priv;
	unsigned int canary;
};

/* &ff_device.private: plain memory, which input_ff_destroy() kfree()s. */
struct inputm_test_ff {
	struct inputm_test_ff_state *state;
};

static void inputm_test_ff_destroy(struct ff_device *ff)
{
	struct inputm_test_ff *tff = ff->private;
	struct inputm_test_ff_state *state = tff->state;

	/* A KASAN report, failing the case, if the state was freed. */
	inputm_test_note(state->priv, state->canary == INPUTM_TEST_CANARY ?
				      INPUTM_TEST_FF_DESTROY : -1);
}

/*
 * The driver code of the final put, ff->destroy, runs before inputm_
 * resources are released: state it reads may be inputm_ memory. As in
 * hid-logitech-hidpp, the device is unregistered with a handle open.
 */
static void input_managed_test_ff_destroy_sees_managed_state(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_dev *dev = inputm_test_alloc(test);
	struct inputm_test_ff_state *state;
	struct inputm_test_ff *tff;

	state = inputm_kzalloc(dev, sizeof(*state), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, state);
	state->priv = priv;
	state->canary = INPUTM_TEST_CANARY;
	inputm_test_add(test, dev, 1);

	input_set_capability(dev, EV_FF, FF_RUMBLE);
	KUNIT_ASSERT_EQ(test, input_ff_create(dev, 1), 0);
	tff = kzalloc(sizeof(*tff), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tff);
	tff->state = state;
	dev->ff->private = tff;
	dev->ff->destroy = inputm_test_ff_destroy;

	KUNIT_ASSERT_EQ(test, input_register_device(dev), 0);
	inputm_test_open(test);
	input_unregister_device(dev);
	KUNIT_EXPECT_EQ(test, priv->nlog, 0);

	inputm_test_close(test);
	INPUTM_EXPECT_LOG(test, INPUTM_TEST_FF_DESTROY, 1);
}

static int inputm_test_play(struct input_dev *dev, void *data,
			    struct ff_effect *effect)
{
	return 0;
}

/*
 * ff-memless owns the driver's block from input_ff_create_memless() on and
 * hands it to inputm_: it is freed at the final put, after ml_ff_destroy()
 * stopped the timer that passes it to the driver.
 */
static void input_managed_test_ff_memless_private(struct kunit *test)
{
	struct input_dev *dev = inputm_test_alloc(test);
	unsigned int before;
	void *data;
	int ret;

	data = kzalloc(32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	input_set_capability(dev, EV_FF, FF_RUMBLE);
	before = objres_count(&dev->managed);
	ret = input_ff_create_memless(dev, data, inputm_test_play);
	if (ret)
		kfree(data);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), before + 1);

	KUNIT_ASSERT_EQ(test, input_register_device(dev), 0);
	inputm_test_open(test);
	input_unregister_device(dev);
	KUNIT_EXPECT_FALSE(test, inputm_test_poisoned(data));

	inputm_test_close(test);
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		KUNIT_EXPECT_TRUE(test, inputm_test_poisoned(data));
}

static void input_managed_test_release_remove_action(struct kunit *test)
{
	struct input_dev *dev = inputm_test_alloc(test);
	struct inputm_test_rec *a = inputm_test_rec(test, 1);
	struct inputm_test_rec *b = inputm_test_rec(test, 2);

	KUNIT_ASSERT_EQ(test, inputm_add_action(dev, inputm_test_record, a), 0);
	KUNIT_ASSERT_EQ(test, inputm_add_action(dev, inputm_test_record, b), 0);
	inputm_test_add(test, dev, 3);

	inputm_release_action(dev, inputm_test_record, a);
	INPUTM_EXPECT_LOG(test, 1);
	inputm_remove_action(dev, inputm_test_record, b);
	INPUTM_EXPECT_LOG(test, 1);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 1);

	input_free_device(dev);
	INPUTM_EXPECT_LOG(test, 1, 3);
}

static void input_managed_test_allocators(struct kunit *test)
{
	struct input_dev *dev = inputm_test_alloc(test);
	static const u8 bytes[] = { 1, 2, 3, 4 };
	static const char field[4] = { 'k', 'b', 'd', '0' };
	u32 *array;
	u8 *copy;
	char *s;

	array = inputm_kcalloc(dev, 8, sizeof(*array), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, array);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(array, 0, 8 * sizeof(*array)));
	array = inputm_kmalloc_array(dev, 2, sizeof(*array), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, array);
	array[1] = 1;
	KUNIT_EXPECT_NULL(test, inputm_kmalloc_array(dev, SIZE_MAX / 2, 4,
						     GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, inputm_kcalloc(dev, 2, SIZE_MAX / 2,
					       GFP_KERNEL));

	s = inputm_kstrdup(dev, "virtio0/input0", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "virtio0/input0");
	KUNIT_EXPECT_NULL(test, inputm_kstrdup(dev, NULL, GFP_KERNEL));
	/* A full fixed-size field, unterminated: the copy is terminated. */
	s = inputm_kstrndup(dev, field, sizeof(field), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "kbd0");
	s = inputm_kstrndup(dev, "keyboard", 3, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_STREQ(test, s, "key");
	copy = inputm_kmemdup(dev, bytes, sizeof(bytes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_EQ(test, memcmp(copy, bytes, sizeof(bytes)), 0);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 6);

	input_free_device(dev);
}

/* One allocator of the wrapper, called so that its slab allocation fails. */
struct inputm_test_alloc_case {
	const char *name;
	void *(*alloc)(struct input_dev *dev, gfp_t gfp);
};

static void *inputm_test_kmalloc(struct input_dev *dev, gfp_t gfp)
{
	return inputm_kmalloc(dev, 24, gfp);
}

static void *inputm_test_kzalloc(struct input_dev *dev, gfp_t gfp)
{
	return inputm_kzalloc(dev, 24, gfp);
}

static void *inputm_test_kmalloc_array(struct input_dev *dev, gfp_t gfp)
{
	return inputm_kmalloc_array(dev, 3, 8, gfp);
}

static void *inputm_test_kcalloc(struct input_dev *dev, gfp_t gfp)
{
	return inputm_kcalloc(dev, 3, 8, gfp);
}

static void *inputm_test_kstrdup(struct input_dev *dev, gfp_t gfp)
{
	return inputm_kstrdup(dev, "name", gfp);
}

static void *inputm_test_kstrndup(struct input_dev *dev, gfp_t gfp)
{
	return inputm_kstrndup(dev, "name", 2, gfp);
}

static void *inputm_test_kmemdup(struct input_dev *dev, gfp_t gfp)
{
	static const u8 bytes[] = { 1, 2, 3 };

	return inputm_kmemdup(dev, bytes, sizeof(bytes), gfp);
}

static const struct inputm_test_alloc_case inputm_test_alloc_cases[] = {
	{ "kmalloc", inputm_test_kmalloc },
	{ "kzalloc", inputm_test_kzalloc },
	{ "kmalloc_array", inputm_test_kmalloc_array },
	{ "kcalloc", inputm_test_kcalloc },
	{ "kstrdup", inputm_test_kstrdup },
	{ "kstrndup", inputm_test_kstrndup },
	{ "kmemdup", inputm_test_kmemdup },
};

KUNIT_ARRAY_PARAM_DESC(inputm_test_alloc, inputm_test_alloc_cases, name);

/*
 * Every allocator returns NULL when its slab allocation fails and links
 * nothing. Fault injection makes the next allocation of this task fail;
 * only allocations that cannot reclaim are subject to it, hence GFP_NOWAIT.
 */
static void input_managed_test_alloc_enomem(struct kunit *test)
{
#ifdef CONFIG_FAILSLAB
	const struct inputm_test_alloc_case *param = test->param_value;
	struct input_dev *dev = inputm_test_alloc(test);
	void *p;

	current->fail_nth = 1;
	p = param->alloc(dev, GFP_NOWAIT | __GFP_NOWARN);
	/* Zero once the allocation consumed the failure. */
	KUNIT_EXPECT_EQ(test, current->fail_nth, 0);
	current->fail_nth = 0;
	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 0);

	/* Without the failure the same call succeeds. */
	p = param->alloc(dev, GFP_NOWAIT | __GFP_NOWARN);
	KUNIT_EXPECT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 1);
	input_free_device(dev);
#else
	kunit_skip(test, "needs CONFIG_FAILSLAB");
#endif
}

static void input_managed_test_kfree(struct kunit *test)
{
	struct input_dev *dev = inputm_test_alloc(test);
	struct input_dev *other = input_allocate_device();
	u8 *p, *plain, *foreign;

	KUNIT_ASSERT_NOT_NULL(test, other);
	p = inputm_kmalloc(dev, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 1);
	inputm_kfree(dev, p);
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 0);

	/* Misuse: memory the device does not manage warns, stays allocated. */
	INPUTM_EXPECT_WARN(test, "drivers/base/objres.c");
	plain = kunit_kmalloc(test, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	memset(plain, 0x42, 32);
	inputm_kfree(dev, plain);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(plain, 0x42, 32));

	/* Another input_dev's memory: neither device changes. */
	foreign = inputm_kmalloc(other, 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, foreign);
	memset(foreign, 0x24, 32);
	inputm_kfree(dev, foreign);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(foreign, 0x24, 32));
	KUNIT_EXPECT_EQ(test, objres_count(&dev->managed), 0);
	KUNIT_EXPECT_EQ(test, objres_count(&other->managed), 1);

	input_free_device(other);
	input_free_device(dev);
}

static void input_managed_test_mutex_init(struct kunit *test)
{
	struct inputm_test_priv *priv = test->priv;
	struct input_dev *dev = inputm_test_alloc(test);

	KUNIT_ASSERT_EQ(test, inputm_mutex_init(dev, &priv->lock), 0);
	mutex_lock(&priv->lock);
	mutex_unlock(&priv->lock);

#ifdef CONFIG_DEBUG_LOCK_ALLOC
	/* Named after the caller's expression, as mutex_init() names it. */
	KUNIT_EXPECT_STREQ(test, priv->lock.dep_map.name, "&priv->lock");
#endif

	input_free_device(dev);
#ifdef CONFIG_DEBUG_MUTEXES
	/* mutex_destroy() clears the debug magic. */
	KUNIT_EXPECT_NULL(test, priv->lock.magic);
#else
	kunit_skip(test, "mutex_destroy() is observable with CONFIG_DEBUG_MUTEXES");
#endif
}

static struct kunit_case inputm_test_cases[] = {
	KUNIT_CASE(input_managed_test_unplug_with_handle_open),
	KUNIT_CASE(input_managed_test_release_at_unbind),
	KUNIT_CASE(input_managed_test_release_unregistered),
	KUNIT_CASE(input_managed_test_ff_destroy_sees_managed_state),
	KUNIT_CASE(input_managed_test_ff_memless_private),
	KUNIT_CASE(input_managed_test_release_remove_action),
	KUNIT_CASE(input_managed_test_allocators),
	KUNIT_CASE_PARAM(input_managed_test_alloc_enomem, inputm_test_alloc_gen_params),
	KUNIT_CASE(input_managed_test_kfree),
	KUNIT_CASE(input_managed_test_mutex_init),
	{}
};

static struct kunit_suite inputm_test_suite = {
	.name = "input_managed",
	.init = inputm_test_init,
	.test_cases = inputm_test_cases,
};

kunit_test_suite(inputm_test_suite);

MODULE_DESCRIPTION("KUnit tests for inputm_ managed resources");
MODULE_LICENSE("GPL");
