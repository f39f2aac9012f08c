/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inputm_: resources managed by the lifetime of a struct input_dev
 */
#ifndef _LINUX_INPUT_MANAGED_H
#define _LINUX_INPUT_MANAGED_H

#include <linux/compiler.h>
#include <linux/gfp_types.h>
#include <linux/lockdep_types.h>
#include <linux/overflow.h>
#include <linux/types.h>

struct input_dev;
struct mutex;

/**
 * typedef inputm_release_t - an ``inputm_`` release action
 * @dev: the input device being released
 * @data: the pointer given when the action was added
 */
typedef void (*inputm_release_t)(struct input_dev *dev, void *data);

int __must_check __inputm_add_action(struct input_dev *dev,
				     inputm_release_t action, void *data,
				     const char *name);
int __must_check __inputm_add_action_or_reset(struct input_dev *dev,
					      inputm_release_t action,
					      void *data, const char *name);

/**
 * inputm_add_action - add a managed release action to an &input_dev
 * @dev: input device
 * @action: function called when @dev is released
 * @data: opaque pointer, passed to @action
 *
 * @action(@dev, @data) runs at the final put of @dev, after its last
 * handle (an open event node, for one) is gone, in reverse order of adding,
 * unless it was released or removed before.
 *
 * Return: 0 on success, or a negative errno code.
 */
#define inputm_add_action(dev, action, data) \
	__inputm_add_action(dev, action, data, #action)

/**
 * inputm_add_action_or_reset - add a managed release action, or run it now
 * @dev: input device
 * @action: function called when @dev is released
 * @data: opaque pointer, passed to @action
 *
 * As inputm_add_action(), but if adding fails @action runs at once.
 *
 * Return: 0 on success, or a negative errno code.
 */
#define inputm_add_action_or_reset(dev, action, data) \
	__inputm_add_action_or_reset(dev, action, data, #action)

void inputm_release_action(struct input_dev *dev, inputm_release_t action,
			   void *data);
void inputm_remove_action(struct input_dev *dev, inputm_release_t action,
			  void *data);

void *inputm_kmalloc(struct input_dev *dev, size_t size, gfp_t gfp)
	__malloc __alloc_size(2);
void *inputm_kmemdup(struct input_dev *dev, const void *src, size_t len,
		     gfp_t gfp) __realloc_size(3);
char *inputm_kstrdup(struct input_dev *dev, const char *s, gfp_t gfp)
	__malloc;
char *inputm_kstrndup(struct input_dev *dev, const char *s, size_t max,
		      gfp_t gfp) __malloc;
void inputm_kfree(struct input_dev *dev, const void *p);

/**
 * inputm_kzalloc - &input_dev managed kzalloc()
 * @dev: input device
 * @size: bytes to allocate
 * @gfp: GFP allocation flags
 *
 * Return: zeroed memory freed at the final put of @dev, or NULL.
 */
static inline __alloc_size(2) void *
inputm_kzalloc(struct input_dev *dev, size_t size, gfp_t gfp)
{
	return inputm_kmalloc(dev, size, gfp | __GFP_ZERO);
}

/**
 * inputm_kmalloc_array - &input_dev managed kmalloc_array()
 * @dev: input device
 * @n: number of elements
 * @size: bytes per element
 * @gfp: GFP allocation flags
 *
 * Return: memory freed at the final put of @dev, or NULL, also when
 * @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
inputm_kmalloc_array(struct input_dev *dev, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return inputm_kmalloc(dev, bytes, gfp);
}

/**
 * inputm_kcalloc - &input_dev managed kcalloc()
 * @dev: input device
 * @n: number of elements
 * @size: bytes per element
 * @gfp: GFP allocation flags
 *
 * Return: zeroed memory freed at the final put of @dev, or NULL, also when
 * @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
inputm_kcalloc(struct input_dev *dev, size_t n, size_t size, gfp_t gfp)
{
	return inputm_kmalloc_array(dev, n, size, gfp | __GFP_ZERO);
}

void __inputm_mutex_release(struct input_dev *dev, void *lock);

/**
 * inputm_mutex_init - &input_dev managed mutex_init()
 * @dev: input device
 * @lock: the mutex to initialise
 *
 * A macro, so that lockdep gets one lock class per call site, named after
 * @lock as mutex_init() names it, and @lock is evaluated once. The mutex is
 * destroyed at the final put of @dev.
 *
 * Return: 0 on success, or a negative errno code.
 */
#define inputm_mutex_init(dev, lock) ({					\
	static struct lock_class_key __key;				\
	struct mutex *__inputm_lock = (lock);				\
									\
	__mutex_init(__inputm_lock, #lock, &__key);			\
	inputm_add_action_or_reset(dev, __inputm_mutex_release,		\
				   __inputm_lock);			\
})

#endif /* _LINUX_INPUT_MANAGED_H */
