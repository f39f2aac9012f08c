// SPDX-License-Identifier: GPL-2.0
/*
 * devres: resources managed by the binding of a driver to a device
 */

#include <linux/device.h>
#include <linux/module.h>
#include <linux/objres.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include <asm/sections.h>

#include "base.h"
#include "trace.h"

/**
 * DOC: devres on objres
 *
 * devres ties resources to the binding of a driver: what a driver adds to
 * its device while bound is released, newest first, when it is unbound or
 * its probe fails, and when the device goes. It is a typed wrapper over
 * objres, like ``drmm_`` and ``v4l2m_``: every &struct device embeds a
 * &struct objres_head, and the list, the lock, the ordering, groups and
 * the managed allocations are objres'. Unlike theirs, a device's head is
 * not released once but reset, by objres_reset(), at every unbind, and
 * serves the next probe.
 *
 * What devres adds is its own types: release functions that take the
 * device (dr_release_t), resources that devres_alloc() hands out before
 * devres_add() links them, and the debug output of 6.12 (the devres_log
 * trace event, and with CONFIG_DEBUG_DEVRES the devres.log parameter).
 */

/*
 * A resource from devres_alloc(): the payload follows the node, on an
 * ARCH_DMA_MINALIGN boundary as kmalloc() memory is, since drivers DMA
 * into it.
 */
struct devres {
	struct objres_node node;
	dr_release_t release;
	u8 __aligned(ARCH_DMA_MINALIGN) data[];
};

/* What devres_find() and its relatives look for. */
struct devres_key {
	struct device *dev;
	dr_release_t release;
	dr_match_t match;
	void *match_data;
};

static struct device *devres_dev(struct objres_head *head)
{
	return container_of(head, struct device, devres);
}

static struct devres *devres_of(void *res)
{
	return container_of(res, struct devres, data);
}

/* The trampoline of every devres_alloc() resource: no cast of @release. */
static void devres_node_release(struct objres_head *head,
				struct objres_node *node)
{
	struct devres *dr = container_of(node, struct devres, node);

	dr->release(devres_dev(head), dr->data);
}

static bool devres_match(struct objres_node *node, void *match_data)
{
	struct devres *dr = container_of(node, struct devres, node);
	struct devres_key *key = match_data;

	return dr->release == key->release &&
	       (!key->match || key->match(key->dev, dr->data, key->match_data));
}

#ifdef CONFIG_DEBUG_DEVRES
static int log_devres;
module_param_named(log, log_devres, int, 0644);
#else
#define log_devres 0
#endif

static bool devres_log_enabled(struct objres_head *head)
{
	return trace_devres_log_enabled() || log_devres;
}

/*
 * The devres_log trace event and the devres.log lines, as 6.12 wrote them.
 * Managed memory keeps the name it had; the size of a devres_alloc()
 * payload is that of its slab object, which is not recorded.
 */
static void devres_log(struct objres_head *head, const char *op,
		       const char *name, size_t size, struct objres_node *node)
{
	struct device *dev = devres_dev(head);

	if (!node)
		name = "devm_kzalloc_release";
	else if (node->release == devres_node_release)
		size = ksize(node) - offsetof(struct devres, data);
	trace_devres_log(dev, op, node, name, size);
	if (log_devres)
		dev_err(dev, "DEVRES %3s %p %s (%zu bytes)\n", op, node, name,
			size);
}

/*
 * devm_kmalloc() memory is DMA-safe, as in 6.12. Every device has a head,
 * hence no debugfs file each: put_device() may come from atomic context.
 */
/* The class of every device's devres lock, initialised in core.c. */
struct lock_class_key devres_lock_key;

const struct objres_owner devres_objres_owner = {
	.name = "devres",
	.log = devres_log,
	.log_enabled = devres_log_enabled,
	.dma_safe = true,
	.no_debugfs = true,
};

/**
 * __devres_alloc_node - allocate a device resource
 * @release: called with the device and the payload when it is released
 * @size: size of the payload
 * @gfp: allocation flags
 * @nid: NUMA node to allocate from, or NUMA_NO_NODE
 * @name: what the debug output calls the resource
 *
 * The resource is the caller's until devres_add() gives it to a device;
 * devres_free() frees one that is not added. The payload is zeroed and
 * aligned to ARCH_DMA_MINALIGN.
 *
 * Return: a pointer to the payload, or NULL.
 */
void *__devres_alloc_node(dr_release_t release, size_t size, gfp_t gfp,
			  int nid, const char *name)
{
	struct objres_node *node;
	struct devres *dr;
	size_t total;

	if (unlikely(check_add_overflow(sizeof(*dr), size, &total)))
		return NULL;
	node = __objres_node_alloc(total, devres_node_release, name,
				   gfp | __GFP_ZERO, nid, _RET_IP_);
	if (unlikely(!node))
		return NULL;
	dr = container_of(node, struct devres, node);
	dr->release = release;
	return dr->data;
}
EXPORT_SYMBOL_GPL(__devres_alloc_node);

struct devres_walk {
	struct devres_key key;
	void (*fn)(struct device *dev, void *res, void *data);
	void *data;
};

static void devres_walk_one(struct objres_node *node, void *data)
{
	struct devres *dr = container_of(node, struct devres, node);
	struct devres_walk *walk = data;

	if (devres_match(node, &walk->key))
		walk->fn(walk->key.dev, dr->data, walk->data);
}

/**
 * devres_for_each_res - call a function for some resources of a device
 * @dev: the device
 * @release: release function of the resources wanted
 * @match: optional further test, called under the device's devres lock
 * @match_data: argument for @match
 * @fn: called for each resource wanted, newest first, under that lock
 * @data: argument for @fn
 */
void devres_for_each_res(struct device *dev, dr_release_t release,
			 dr_match_t match, void *match_data,
			 void (*fn)(struct device *dev, void *res, void *data),
			 void *data)
{
	struct devres_walk walk = {
		.key = { dev, release, match, match_data },
		.fn = fn,
		.data = data,
	};

	if (fn)
		objres_for_each(&dev->devres, devres_node_release,
				devres_walk_one, &walk);
}
EXPORT_SYMBOL_GPL(devres_for_each_res);

/**
 * devres_free - free a resource that is not added to a device
 * @res: payload from devres_alloc(), or NULL
 *
 * Freeing a resource that a device holds warns and does nothing.
 */
void devres_free(void *res)
{
	if (res)
		objres_node_free(&devres_of(res)->node);
}
EXPORT_SYMBOL_GPL(devres_free);

/**
 * devres_add - give a resource to a device
 * @dev: the device
 * @res: payload from devres_alloc()
 *
 * The resource is released when the driver is unbound or its probe fails,
 * newest first, unless it is removed or released before.
 */
void devres_add(struct device *dev, void *res)
{
	objres_add(&dev->devres, &devres_of(res)->node);
}
EXPORT_SYMBOL_GPL(devres_add);

static void *devres_data(struct objres_node *node)
{
	return node ? container_of(node, struct devres, node)->data : NULL;
}

/**
 * devres_find - find a resource of a device
 * @dev: the device
 * @release: release function of the resource
 * @match: optional further test, called under the device's devres lock
 * @match_data: argument for @match
 *
 * Return: the payload of the newest resource with @release for which
 * @match is true (or of any with @release if @match is NULL), or NULL.
 */
void *devres_find(struct device *dev, dr_release_t release, dr_match_t match,
		  void *match_data)
{
	struct devres_key key = { dev, release, match, match_data };

	return devres_data(objres_find(&dev->devres, devres_node_release,
				       devres_match, &key));
}
EXPORT_SYMBOL_GPL(devres_find);

/**
 * devres_get - find a resource of a device, or add a new one
 * @dev: the device
 * @new_res: payload from devres_alloc(), added if no match is found
 * @match: optional further test, called under the device's devres lock
 * @match_data: argument for @match
 *
 * Looks for a resource with @new_res' release function as devres_find()
 * does and adds @new_res if there is none, under one hold of the lock; a
 * @new_res that is not added is freed.
 *
 * Return: the payload of the resource found, or @new_res; NULL only for a
 * @new_res that is already on a device (with a warning).
 */
void *devres_get(struct device *dev, void *new_res, dr_match_t match,
		 void *match_data)
{
	struct devres *new_dr = devres_of(new_res);
	struct devres_key key = { dev, new_dr->release, match, match_data };
	struct objres_node *node;

	node = objres_find_or_add(&dev->devres, &new_dr->node, devres_match,
				  &key);
	if (node != &new_dr->node)
		devres_free(new_res);
	return devres_data(node);
}
EXPORT_SYMBOL_GPL(devres_get);

/**
 * devres_remove - take a resource back from a device
 * @dev: the device
 * @release: release function of the resource
 * @match: optional further test, called under the device's devres lock
 * @match_data: argument for @match
 *
 * The newest matching resource is unlinked without running its release
 * function and is the caller's again, to free with devres_free().
 *
 * Return: its payload, or NULL if none matched.
 */
void *devres_remove(struct device *dev, dr_release_t release,
		    dr_match_t match, void *match_data)
{
	struct devres_key key = { dev, release, match, match_data };

	return devres_data(objres_unlink_match(&dev->devres,
					       devres_node_release,
					       devres_match, &key));
}
EXPORT_SYMBOL_GPL(devres_remove);

/**
 * devres_destroy - remove a resource from a device and free it
 * @dev: the device
 * @release: release function of the resource
 * @match: optional further test, called under the device's devres lock
 * @match_data: argument for @match
 *
 * As devres_remove() followed by devres_free(): @release does not run.
 *
 * Return: 0, or -ENOENT if none matched.
 */
int devres_destroy(struct device *dev, dr_release_t release,
		   dr_match_t match, void *match_data)
{
	void *res = devres_remove(dev, release, match, match_data);

	if (unlikely(!res))
		return -ENOENT;
	devres_free(res);
	return 0;
}
EXPORT_SYMBOL_GPL(devres_destroy);

/**
 * devres_release - release a resource of a device now
 * @dev: the device
 * @release: release function of the resource
 * @match: optional further test, called under the device's devres lock
 * @match_data: argument for @match
 *
 * As devres_remove(), then @release runs and the resource is freed.
 *
 * Return: 0, or -ENOENT if none matched.
 */
int devres_release(struct device *dev, dr_release_t release,
		   dr_match_t match, void *match_data)
{
	void *res = devres_remove(dev, release, match, match_data);

	if (unlikely(!res))
		return -ENOENT;
	release(dev, res);
	devres_free(res);
	return 0;
}
EXPORT_SYMBOL_GPL(devres_release);

/**
 * devres_release_all - release every resource of a device
 * @dev: the device
 *
 * Called by the driver core at unbind, after a failed probe and when the
 * device goes. The device's head stays live: what is added meanwhile stays.
 *
 * Return: the number of resources released, or -ENODEV for a device that
 * device_initialize() never saw.
 */
int devres_release_all(struct device *dev)
{
	if (WARN_ON(!dev->devres.nodes.next))
		return -ENODEV;
	return objres_reset(&dev->devres);
}

/**
 * devres_open_group - open a group of device resources
 * @dev: the device
 * @id: identifier of the group, or NULL to use the returned cookie
 * @gfp: allocation flags
 *
 * Resources added from now on, until devres_close_group(), belong to the
 * group. Groups nest.
 *
 * Return: the group's identifier, or NULL on failure.
 */
void *devres_open_group(struct device *dev, void *id, gfp_t gfp)
{
	return objres_open_group(&dev->devres, id, gfp);
}
EXPORT_SYMBOL_GPL(devres_open_group);

/**
 * devres_close_group - close a group of device resources
 * @dev: the device
 * @id: identifier of the group, or NULL for the newest open group
 *
 * Closing a group while one opened after it is still open makes the two
 * overlap, as 6.12 allowed. Closing a group that does not exist or is
 * closed warns and does nothing.
 */
void devres_close_group(struct device *dev, void *id)
{
	objres_close_group(&dev->devres, id);
}
EXPORT_SYMBOL_GPL(devres_close_group);

/**
 * devres_remove_group - dissolve a group, keeping its resources
 * @dev: the device
 * @id: identifier of the group, or NULL for the newest open group
 */
void devres_remove_group(struct device *dev, void *id)
{
	objres_remove_group(&dev->devres, id);
}
EXPORT_SYMBOL_GPL(devres_remove_group);

/**
 * devres_release_group - release the resources of a group now
 * @dev: the device
 * @id: identifier of the group, or NULL for the newest open group
 *
 * Releases the group's resources, newest first, those of groups nested in
 * it included, and the group.
 *
 * Return: the number of resources released, -ENOENT (with a warning) if
 * there is no such group, or 0 from a release function of an unbind that
 * has taken the group already.
 */
int devres_release_group(struct device *dev, void *id)
{
	return objres_release_group(&dev->devres, id);
}
EXPORT_SYMBOL_GPL(devres_release_group);

/**
 * __devm_add_action - add a release action to a device
 * @dev: the device
 * @action: function to call at unbind
 * @data: argument for @action
 * @name: what the debug output calls the action
 *
 * Return: 0 or -ENOMEM.
 */
int __devm_add_action(struct device *dev, void (*action)(void *), void *data,
		      const char *name)
{
	return __objres_add_action(&dev->devres, action, data, name,
				   GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(__devm_add_action);

/**
 * devm_remove_action - remove a release action without running it
 * @dev: the device
 * @action: the action's function
 * @data: the action's argument
 *
 * Removes the newest action added with exactly @action and @data; warns if
 * there is none.
 */
void devm_remove_action(struct device *dev, void (*action)(void *),
			void *data)
{
	objres_remove_action(&dev->devres, action, data);
}
EXPORT_SYMBOL_GPL(devm_remove_action);

/**
 * devm_release_action - remove a release action and run it now
 * @dev: the device
 * @action: the action's function
 * @data: the action's argument
 *
 * As devm_remove_action(), and @action(@data) runs.
 */
void devm_release_action(struct device *dev, void (*action)(void *),
			 void *data)
{
	objres_release_action(&dev->devres, action, data);
}
EXPORT_SYMBOL_GPL(devm_release_action);

/**
 * devm_kmalloc - managed kmalloc()
 * @dev: the device that owns the memory
 * @size: bytes to allocate
 * @gfp: allocation flags
 *
 * The memory is freed at unbind, or earlier by devm_kfree(), in constant
 * time. It comes from the device's NUMA node and may be mapped for DMA:
 * it is aligned to ARCH_DMA_MINALIGN, and to the largest power of two
 * dividing @size up to a cache line, as kmalloc() memory is.
 *
 * Return: the memory, ZERO_SIZE_PTR if @size is 0, or NULL.
 */
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return __objres_kmalloc_node(&dev->devres, size, gfp, dev_to_node(dev),
				     _RET_IP_);
}
EXPORT_SYMBOL_GPL(devm_kmalloc);

/**
 * devm_krealloc - managed krealloc()
 * @dev: the device that owns the memory
 * @ptr: memory from devm_kmalloc() and its relatives, or NULL
 * @new_size: the new size; 0 frees @ptr
 * @gfp: allocation flags
 *
 * The contents up to the smaller size are kept and the new memory takes
 * the place of @ptr in the release order. On failure @ptr is untouched;
 * memory the device does not own warns and gives NULL.
 *
 * Return: the new memory, ZERO_SIZE_PTR if @new_size is 0, or NULL.
 */
void *devm_krealloc(struct device *dev, void *ptr, size_t new_size, gfp_t gfp)
{
	return __objres_krealloc_node(&dev->devres, ptr, new_size, gfp,
				      dev_to_node(dev), _RET_IP_);
}
EXPORT_SYMBOL_GPL(devm_krealloc);

/**
 * devm_kfree - free managed memory early
 * @dev: the device that owns the memory
 * @p: memory from devm_kmalloc() and its relatives
 *
 * NULL, ZERO_SIZE_PTR and read-only strings from devm_kstrdup_const() are
 * ignored; memory the device does not own warns and nothing changes.
 */
void devm_kfree(struct device *dev, const void *p)
{
	objres_kfree(&dev->devres, p);
}
EXPORT_SYMBOL_GPL(devm_kfree);

/**
 * devm_kmemdup - managed kmemdup()
 * @dev: the device that owns the copy
 * @src: memory to copy
 * @len: bytes to copy
 * @gfp: allocation flags
 *
 * Return: the copy, or NULL.
 */
void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp)
{
	void *p = devm_kmalloc(dev, len, gfp);

	if (!ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL_GPL(devm_kmemdup);

/**
 * devm_kstrdup - managed kstrdup()
 * @dev: the device that owns the copy
 * @s: the string to copy, or NULL
 * @gfp: allocation flags
 *
 * Return: the copy, or NULL (also for a NULL @s).
 */
char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	return s ? devm_kmemdup(dev, s, strlen(s) + 1, gfp) : NULL;
}
EXPORT_SYMBOL_GPL(devm_kstrdup);

/**
 * devm_kstrdup_const - managed kstrdup_const()
 * @dev: the device that owns the copy
 * @s: the string to copy, or NULL
 * @gfp: allocation flags
 *
 * A string in the kernel's read-only data is returned as it is.
 *
 * Return: @s, a managed copy of it, or NULL.
 */
const char *devm_kstrdup_const(struct device *dev, const char *s, gfp_t gfp)
{
	if (is_kernel_rodata((unsigned long)s))
		return s;
	return devm_kstrdup(dev, s, gfp);
}
EXPORT_SYMBOL_GPL(devm_kstrdup_const);

/**
 * devm_kvasprintf - managed kvasprintf()
 * @dev: the device that owns the string
 * @gfp: allocation flags
 * @fmt: printf() format
 * @ap: arguments for @fmt
 *
 * Return: the formatted string, or NULL.
 */
char *devm_kvasprintf(struct device *dev, gfp_t gfp, const char *fmt,
		      va_list ap)
{
	return __objres_kvasprintf_node(&dev->devres, gfp, dev_to_node(dev),
					_RET_IP_, fmt, ap);
}
EXPORT_SYMBOL(devm_kvasprintf);

/**
 * devm_kasprintf - managed kasprintf()
 * @dev: the device that owns the string
 * @gfp: allocation flags
 * @fmt: printf() format
 * @...: arguments for @fmt
 *
 * Return: the formatted string, or NULL.
 */
char *devm_kasprintf(struct device *dev, gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = devm_kvasprintf(dev, gfp, fmt, ap);
	va_end(ap);
	return p;
}
EXPORT_SYMBOL_GPL(devm_kasprintf);

struct devm_pages {
	unsigned long addr;
	unsigned int order;
};

static int devm_pages_match(struct device *dev, void *res, void *p)
{
	return ((struct devm_pages *)res)->addr ==
	       ((struct devm_pages *)p)->addr;
}

static void devm_pages_release(struct device *dev, void *res)
{
	struct devm_pages *pages = res;

	free_pages(pages->addr, pages->order);
}

/**
 * devm_get_free_pages - managed __get_free_pages()
 * @dev: the device that owns the pages
 * @gfp_mask: allocation flags
 * @order: the allocation is 2^@order pages
 *
 * Return: the address of the pages, or 0.
 */
unsigned long devm_get_free_pages(struct device *dev, gfp_t gfp_mask,
				  unsigned int order)
{
	struct devm_pages *pages;
	unsigned long addr;

	addr = __get_free_pages(gfp_mask, order);
	if (unlikely(!addr))
		return 0;

	pages = devres_alloc(devm_pages_release, sizeof(*pages), GFP_KERNEL);
	if (unlikely(!pages)) {
		free_pages(addr, order);
		return 0;
	}
	pages->addr = addr;
	pages->order = order;
	devres_add(dev, pages);
	return addr;
}
EXPORT_SYMBOL_GPL(devm_get_free_pages);

/**
 * devm_free_pages - free pages from devm_get_free_pages() early
 * @dev: the device that owns the pages
 * @addr: their address
 */
void devm_free_pages(struct device *dev, unsigned long addr)
{
	struct devm_pages key = { .addr = addr };

	WARN_ON(devres_release(dev, devm_pages_release, devm_pages_match,
			       &key));
}
EXPORT_SYMBOL_GPL(devm_free_pages);

static void devm_percpu_release(struct device *dev, void *res)
{
	free_percpu(*(void __percpu **)res);
}

static int devm_percpu_match(struct device *dev, void *res, void *p)
{
	return *(void **)res == p;
}

/**
 * __devm_alloc_percpu - managed __alloc_percpu()
 * @dev: the device that owns the memory
 * @size: bytes per CPU
 * @align: their alignment
 *
 * Return: the per-CPU memory, or NULL.
 */
void __percpu *__devm_alloc_percpu(struct device *dev, size_t size,
				   size_t align)
{
	void __percpu **res;
	void __percpu *pcpu;

	pcpu = __alloc_percpu(size, align);
	if (!pcpu)
		return NULL;

	res = devres_alloc(devm_percpu_release, sizeof(*res), GFP_KERNEL);
	if (!res) {
		free_percpu(pcpu);
		return NULL;
	}
	*res = pcpu;
	devres_add(dev, res);
	return pcpu;
}
EXPORT_SYMBOL_GPL(__devm_alloc_percpu);

/**
 * devm_free_percpu - free per-CPU memory from devm_alloc_percpu() early
 * @dev: the device that owns the memory
 * @pdata: the memory
 */
void devm_free_percpu(struct device *dev, void __percpu *pdata)
{
	WARN_ON(devres_release(dev, devm_percpu_release, devm_percpu_match,
			       (void *)(__force unsigned long)pdata));
}
EXPORT_SYMBOL_GPL(devm_free_percpu);
