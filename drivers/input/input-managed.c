// SPDX-License-Identifier: GPL-2.0
/*
 * inputm_: resources managed by the lifetime of a struct input_dev
 */

#include <linux/device.h>
#include <linux/export.h>
#include <linux/input.h>
#include <linux/input-managed.h>
#include <linux/mutex.h>
#include <linux/objres.h>
#include <linux/slab.h>
#include <linux/string.h>

/**
 * DOC: overview
 *
 * A &struct input_dev is refcounted through its &input_dev.dev: every
 * handle bound to it holds a reference, and evdev keeps its handle until
 * the last file descriptor of /dev/input/eventN is closed, which can be
 * long after the driver was unbound and the device unregistered. The final
 * put still runs driver code, the force-feedback &ff_device.destroy
 * callback, and the device keeps pointing at its name, phys and uniq
 * strings until then. State that lives that long cannot come from
 * ``devm_``, which frees at unbind.
 *
 * ``inputm_`` resources are released at that final put: after
 * &ff_device.destroy, which may still use them, newest first, and before
 * input core frees the device's own state (absinfo, slots) and the
 * &input_dev itself, so that an action may still use them; the
 * force-feedback device is gone by then. devm_input_allocate_device() and
 * input_allocate_device() devices both have them, registered or not, and a
 * never registered device releases them in input_free_device().
 *
 * Nothing pins the driver's module while an event node is open: an action
 * (and the name that debug output gives it) must not live in a module that
 * can be unloaded before the final put, as &ff_device.destroy must not
 * today. With CONFIG_OBJRES_DEBUG and debugfs the final put may sleep.
 *
 * ``inputm_`` memory is for software state: it is aligned as kmalloc()
 * memory of the same size (up to a cache line), but objres' header shares
 * its first cache line, so it must not be mapped for DMA on a bus that is
 * not cache coherent.
 *
 * The list, its locking, the ordering and the final kfree() are objres (see
 * Documentation/driver-api/objres.rst); this file only types them on
 * &input_dev.
 */

/* inputm_objres_*_action(): actions with input's callback type, no casts. */
DEFINE_OBJRES_ACTIONS(inputm, struct input_dev, managed)

/* The device's NUMA node, or its parent's before it is registered. */
static int inputm_node(struct input_dev *dev)
{
	int node = dev_to_node(&dev->dev);

	if (node == NUMA_NO_NODE && dev->dev.parent)
		node = dev_to_node(dev->dev.parent);
	return node;
}

/**
 * __inputm_add_action - add a managed release action to an &input_dev
 * @dev: input device
 * @action: function called when @dev is released
 * @data: opaque pointer, passed to @action
 * @name: what debug output calls the action
 *
 * The worker behind inputm_add_action(), which passes the name of @action.
 *
 * Context: Process context.
 * Return: 0, -ENOMEM, or -ENODEV if @dev was released already.
 */
int __inputm_add_action(struct input_dev *dev, inputm_release_t action,
			void *data, const char *name)
{
	return inputm_objres_add_action(&dev->managed, action, data, name);
}
EXPORT_SYMBOL_GPL(__inputm_add_action);

/**
 * __inputm_add_action_or_reset - add a managed release action, or run it now
 * @dev: input device
 * @action: function called when @dev is released
 * @data: opaque pointer, passed to @action
 * @name: what debug output calls the action
 *
 * The worker behind inputm_add_action_or_reset().
 *
 * Context: Process context.
 * Return: 0, or the error of __inputm_add_action() after @action ran.
 */
int __inputm_add_action_or_reset(struct input_dev *dev,
				 inputm_release_t action, void *data,
				 const char *name)
{
	return inputm_objres_add_action_or_reset(&dev->managed, action, data,
						 name);
}
EXPORT_SYMBOL_GPL(__inputm_add_action_or_reset);

/**
 * inputm_release_action - run a managed release action now
 * @dev: input device
 * @action: the action's function
 * @data: the action's data
 *
 * Runs and removes the newest action added with exactly @action and @data;
 * it does not run again at the final put. A missing action warns.
 *
 * Context: Process context.
 */
void inputm_release_action(struct input_dev *dev, inputm_release_t action,
			   void *data)
{
	WARN(inputm_objres_release_action(&dev->managed, action, data),
	     "%s: action %ps not found\n", __func__, action);
}
EXPORT_SYMBOL_GPL(inputm_release_action);

/**
 * inputm_remove_action - remove a managed release action without running it
 * @dev: input device
 * @action: the action's function
 * @data: the action's data
 *
 * As inputm_release_action(), but @action does not run: the caller takes
 * over what it would have released.
 *
 * Context: Process context.
 */
void inputm_remove_action(struct input_dev *dev, inputm_release_t action,
			  void *data)
{
	WARN(inputm_objres_remove_action(&dev->managed, action, data),
	     "%s: action %ps not found\n", __func__, action);
}
EXPORT_SYMBOL_GPL(inputm_remove_action);

/**
 * inputm_kmalloc - &input_dev managed kmalloc()
 * @dev: input device
 * @size: bytes to allocate
 * @gfp: GFP allocation flags
 *
 * The memory is freed at the final put of @dev, or earlier with
 * inputm_kfree(). It comes from the NUMA node of @dev (of its parent
 * before registration) and is not for DMA (see the overview). A @size of 0
 * returns ZERO_SIZE_PTR.
 *
 * Context: As @gfp allows.
 * Return: the memory, or NULL.
 */
void *inputm_kmalloc(struct input_dev *dev, size_t size, gfp_t gfp)
{
	return __objres_kmalloc_node(&dev->managed, size, gfp,
				     inputm_node(dev), _RET_IP_);
}
EXPORT_SYMBOL_GPL(inputm_kmalloc);

/**
 * inputm_kmemdup - &input_dev managed kmemdup()
 * @dev: input device
 * @src: memory to copy
 * @len: bytes to copy
 * @gfp: GFP allocation flags
 *
 * Context: As @gfp allows.
 * Return: a copy freed at the final put of @dev, or NULL.
 */
void *inputm_kmemdup(struct input_dev *dev, const void *src, size_t len,
		     gfp_t gfp)
{
	void *p;

	p = __objres_kmalloc_node(&dev->managed, len, gfp, inputm_node(dev),
				  _RET_IP_);
	if (p)
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL_GPL(inputm_kmemdup);

/* A terminated copy of the @len characters at @s, blaming @caller. */
static __always_inline char *inputm_strcpy(struct input_dev *dev,
					   const char *s, size_t len,
					   gfp_t gfp, unsigned long caller)
{
	char *p;

	/* len + 1 cannot overflow: the string and its end are in memory. */
	p = __objres_kmalloc_node(&dev->managed, len + 1, gfp,
				  inputm_node(dev), caller);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/**
 * inputm_kstrdup - &input_dev managed kstrdup()
 * @dev: input device
 * @s: the string to copy, or NULL
 * @gfp: GFP allocation flags
 *
 * Context: As @gfp allows.
 * Return: a copy freed at the final put of @dev, or NULL, also for a
 * NULL @s.
 */
char *inputm_kstrdup(struct input_dev *dev, const char *s, gfp_t gfp)
{
	return s ? inputm_strcpy(dev, s, strlen(s), gfp, _RET_IP_) : NULL;
}
EXPORT_SYMBOL_GPL(inputm_kstrdup);

/**
 * inputm_kstrndup - &input_dev managed kstrndup()
 * @dev: input device
 * @s: the string to copy, or NULL
 * @max: copy at most this many characters; the copy is always terminated
 * @gfp: GFP allocation flags
 *
 * For names that come in fixed-size fields which need not be terminated,
 * as uinput's do from userspace.
 *
 * Context: As @gfp allows.
 * Return: a copy freed at the final put of @dev, or NULL, also for a
 * NULL @s.
 */
char *inputm_kstrndup(struct input_dev *dev, const char *s, size_t max,
		      gfp_t gfp)
{
	return s ? inputm_strcpy(dev, s, strnlen(s, max), gfp, _RET_IP_) :
		   NULL;
}
EXPORT_SYMBOL_GPL(inputm_kstrndup);

/**
 * inputm_kfree - &input_dev managed kfree()
 * @dev: input device
 * @p: memory from an ``inputm_`` allocator of @dev, or NULL
 *
 * Frees the memory before the final put of @dev. Memory that @dev does
 * not manage warns and is left alone.
 *
 * Context: Any context.
 */
void inputm_kfree(struct input_dev *dev, const void *p)
{
	objres_kfree(&dev->managed, p);
}
EXPORT_SYMBOL_GPL(inputm_kfree);

/* The action behind inputm_mutex_init(). */
void __inputm_mutex_release(struct input_dev *dev, void *lock)
{
	mutex_destroy(lock);
}
EXPORT_SYMBOL_GPL(__inputm_mutex_release);
