/* SPDX-License-Identifier: GPL-2.0 */
/*
 * objres: resources managed by the lifetime of a refcounted object
 *
 * The backend of typed wrappers such as drmm_ (struct drm_device) and v4l2m_
 * (struct v4l2_device). Drivers use the wrappers; subsystems embed a
 * struct objres_head in their refcounted object and call
 * objres_release_all() from its final put.
 */
#ifndef _LINUX_OBJRES_H
#define _LINUX_OBJRES_H

#include <linux/bug.h>
#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/gfp_types.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/overflow.h>
#include <linux/spinlock.h>
#include <linux/stdarg.h>
#include <linux/types.h>
#include <linux/workqueue_types.h>

struct objres_head;
struct objres_node;

/**
 * typedef objres_release_t - release function of a node
 * @head: the head the node was on
 * @node: the node, already unlinked
 *
 * Runs without the head's lock held and may add new nodes to @head.
 */
typedef void (*objres_release_t)(struct objres_head *head,
				 struct objres_node *node);

/**
 * typedef objres_match_t - match function for objres_find() and friends
 * @node: a node whose release function is the one searched for
 * @match_data: the caller's key
 *
 * Runs under the head's lock: it must not sleep or touch the head.
 *
 * Return: true if @node is the one wanted.
 */
typedef bool (*objres_match_t)(struct objres_node *node, void *match_data);

/**
 * struct objres_owner - what a subsystem tells objres about its heads
 * @name: short name of the subsystem, for logs, debugfs and trace events
 * @log: optional debug hook, called outside the lock with the operation
 *	("ADD", "REL", or "REM" for a node unlinked without running), the
 *	entry's name and payload size, and the node (NULL for managed memory)
 * @log_enabled: optional; when it returns false, @log is not called and
 *	what only @log needs is not computed
 * @dma_safe: managed memory of these heads may be mapped for DMA, as that of
 *	kmalloc() and devm_kmalloc(): its payload starts ARCH_DMA_MINALIGN
 *	bytes or more past objres' header, on an ARCH_DMA_MINALIGN boundary of
 *	the slab object, and objres writes nothing in front of it while it is
 *	allocated. Costs up to ARCH_DMA_MINALIGN bytes per allocation (none on
 *	x86, 104 on arm64).
 * @no_debugfs: these heads get no debugfs file, even with
 *	CONFIG_OBJRES_DEBUG: there are too many of them, or they are released
 *	where sleeping is not allowed
 *
 * One static const instance per subsystem, passed to objres_head_init().
 */
struct objres_owner {
	const char *name;
	void (*log)(struct objres_head *head, const char *op, const char *name,
		    size_t size, struct objres_node *node);
	bool (*log_enabled)(struct objres_head *head);
	bool dma_safe;
	bool no_debugfs;
};

/*
 * Internal: the kind of entry, kept in the low bits of objres_link.owner.
 * Managed allocations have one kind per payload alignment class: class c
 * (kind OBJRES_KIND_MEM + c) is aligned to ARCH_KMALLOC_MINALIGN << c.
 */
#define OBJRES_KIND_NODE	0UL	/* embedded node */
#define OBJRES_KIND_NODE_ALLOC	1UL	/* node allocated by objres */
#define OBJRES_KIND_MARKER	2UL	/* group marker */
#define OBJRES_KIND_MEM		3UL	/* managed allocation, class 0 */
#define OBJRES_KIND_MASK	7UL
#define OBJRES_MEM_CLASSES	(OBJRES_KIND_MASK + 1 - OBJRES_KIND_MEM)

/**
 * struct objres_link - what every entry on a head's list starts with
 * @entry: position on the head's list, newest first
 * @pending: position on the head's lock-free list of additions
 * @owner: the head while linked, or'ed with the kind of entry
 *
 * Private to objres; embedded in struct objres_node and struct objres_mem.
 */
struct objres_link {
	union {
		struct list_head entry;
		struct llist_node pending;
	};
	unsigned long owner;
};

/**
 * struct objres_node - a release action on a head
 * @link: list linkage, private to objres
 * @release: called once when the node is released
 * @name: what debug output calls the node
 *
 * Embed it in the structure the release function needs and initialise it
 * with objres_node_init(); adding an embedded node cannot fail for lack of
 * memory. objres_node_alloc() makes one that objres frees after release.
 */
struct objres_node {
	struct objres_link link;
	objres_release_t release;
	const char *name;
};

/**
 * struct objres_mem - header of a managed allocation
 * @link: list linkage, private to objres
 * @size: the size asked for (only with CONFIG_OBJRES_DEBUG)
 *
 * Private to objres; visible so that its cost can be measured. The header
 * starts the slab object and the payload follows it at the first boundary
 * of the payload's alignment (see objres_kmalloc()); @link.owner is its
 * last word. Without
 * CONFIG_OBJRES_DEBUG the header is three words: a managed kzalloc(8) fits
 * a 32-byte slab object on 64-bit. When the payload does not follow the
 * header directly, the word just before it repeats @link.owner, so that
 * objres_kfree() finds the header from the payload in constant time.
 */
struct objres_mem {
#ifdef CONFIG_OBJRES_DEBUG
	size_t size;
#endif
	struct objres_link link;
};

/**
 * struct objres_head - the managed resources of one refcounted object
 * @lock: protects @nodes, @count and @final_kfree while the head is live;
 *	objres_release_all() runs alone and does without it
 * @nodes: linked nodes, managed allocations and group markers, newest first
 * @pending: additions not yet on @nodes, newest first: adding takes no
 *	lock, and whoever takes @lock moves them to the front of @nodes first
 * @count: number of linked nodes and managed allocations on @nodes
 * @state: live, releasing or released
 * @releasing: while a release runs, the additions it took off @pending and
 *	has not released yet, newest first; merged into @nodes, ahead of
 *	it, by whoever takes @lock
 * @releaser: the task running objres_release_all(), the only one that may
 *	use the head meanwhile, or objres_reset(), which other tasks may use
 *	the head beside
 * @releaser_ctx: the interrupt context level @releaser runs it at, so that
 *	an interrupt of that task is not taken for it
 * @final_kfree: freed after everything else by objres_release_all()
 * @owner: the subsystem's descriptor, may be NULL
 * @debugfs_work: creates @debugfs after the first add (CONFIG_OBJRES_DEBUG)
 * @debugfs: the head's file in debugfs, listing its resources
 * @debugfs_queued: bit 0 set once @debugfs_work was queued
 *
 * The head's address carries the kind of each entry in its three low bits
 * (&objres_link.owner), hence its alignment, which pointers alone do not
 * give everywhere (two bytes on m68k).
 */
struct objres_head {
	spinlock_t lock; /* see @lock above */
	unsigned int count;
	struct list_head nodes;
	struct llist_head pending;
	unsigned int state;
	unsigned int releaser_ctx;
	struct task_struct *releaser;
	struct llist_node *releasing;
	void *final_kfree;
	const struct objres_owner *owner;
#if IS_ENABLED(CONFIG_OBJRES_DEBUG) && IS_ENABLED(CONFIG_DEBUG_FS)
	struct work_struct debugfs_work;
	struct dentry *debugfs;
	unsigned long debugfs_queued;
#endif
} __aligned(8);

/* Internal: the lifecycle of a head, in objres_head.state. */
#define OBJRES_LIVE		0U
#define OBJRES_RELEASING	1U
#define OBJRES_RELEASED		2U

/**
 * objres_head_init() - initialise the head of a refcounted object
 * @head: the head, embedded in the object
 * @owner: the subsystem's static descriptor, or NULL
 *
 * Call before anything is added, typically where the object's refcount is
 * initialised. Inline: for an object that holds one resource, a call would
 * be a good part of what the resource costs.
 *
 * Context: Any context: it takes no lock.
 */
static inline void objres_head_init(struct objres_head *head,
				    const struct objres_owner *owner)
{
	/* Memory that ignores the type's alignment would lose the kind bits. */
	WARN_ON_ONCE((unsigned long)head & OBJRES_KIND_MASK);
	spin_lock_init(&head->lock);
	INIT_LIST_HEAD(&head->nodes);
	init_llist_head(&head->pending);
	head->count = 0;
	head->state = OBJRES_LIVE;
	head->releaser = NULL;
	head->releaser_ctx = 0;
	head->releasing = NULL;
	head->final_kfree = NULL;
	head->owner = owner;
#if IS_ENABLED(CONFIG_OBJRES_DEBUG) && IS_ENABLED(CONFIG_DEBUG_FS)
	/* The work item is set up when it is first queued. */
	head->debugfs = NULL;
	head->debugfs_queued = 0;
#endif
}

void objres_release_all(struct objres_head *head);
void *objres_release_resources(struct objres_head *head);
int objres_reset(struct objres_head *head);
void objres_set_final_kfree(struct objres_head *head, void *container);

unsigned int objres_count(struct objres_head *head);
bool objres_idle(struct objres_head *head);

/**
 * objres_node_init() - prepare a node for objres_add()
 * @node: the node, usually embedded in a larger structure
 * @release: called once when the node is released
 * @name: what debug output calls the node; must outlive the node
 */
static inline void objres_node_init(struct objres_node *node,
				    objres_release_t release, const char *name)
{
	INIT_LIST_HEAD(&node->link.entry);
	node->link.owner = OBJRES_KIND_NODE;
	node->release = release;
	node->name = name;
}

struct objres_node *objres_node_alloc(size_t size, objres_release_t release,
				      const char *name, gfp_t gfp)
	__malloc __alloc_size(1);
struct objres_node *__objres_node_alloc(size_t size, objres_release_t release,
					const char *name, gfp_t gfp, int nid,
					unsigned long caller)
	__malloc __alloc_size(1);
void objres_node_free(struct objres_node *node);

int objres_add(struct objres_head *head, struct objres_node *node);
int objres_remove(struct objres_head *head, struct objres_node *node);
int objres_release(struct objres_head *head, struct objres_node *node);

struct objres_node *objres_find(struct objres_head *head,
				objres_release_t release,
				objres_match_t match, void *match_data);
int objres_remove_match(struct objres_head *head, objres_release_t release,
			objres_match_t match, void *match_data);
int objres_release_match(struct objres_head *head, objres_release_t release,
			 objres_match_t match, void *match_data);
struct objres_node *objres_unlink_match(struct objres_head *head,
					objres_release_t release,
					objres_match_t match,
					void *match_data);
struct objres_node *objres_find_or_add(struct objres_head *head,
				       struct objres_node *node,
				       objres_match_t match, void *match_data);
void objres_for_each(struct objres_head *head, objres_release_t release,
		     void (*fn)(struct objres_node *node, void *data),
		     void *data);

int __must_check __objres_add_action(struct objres_head *head,
				     void (*action)(void *), void *data,
				     const char *name, gfp_t gfp);
int __must_check __objres_add_action_or_reset(struct objres_head *head,
					      void (*action)(void *),
					      void *data, const char *name,
					      gfp_t gfp);

/**
 * objres_add_action() - add a release action to a head
 * @head: the head
 * @action: function to call when the head is released
 * @data: argument for @action
 *
 * @action(@data) runs when @head is released, in reverse order of adding,
 * unless it is removed or released earlier. Its name in debug output is
 * the name of @action.
 *
 * Context: Process context; may sleep.
 * Return: 0, -ENOMEM, or -ENODEV when @head is already released.
 */
#define objres_add_action(head, action, data) \
	__objres_add_action(head, action, data, #action, GFP_KERNEL)

/**
 * objres_add_action_or_reset() - add a release action, or run it on failure
 * @head: the head
 * @action: function to call when the head is released
 * @data: argument for @action
 *
 * As objres_add_action(), but when adding fails @action(@data) runs at once,
 * so that the caller's error path has nothing left to undo.
 *
 * Context: Process context; may sleep.
 * Return: 0 or the error of objres_add_action().
 */
#define objres_add_action_or_reset(head, action, data) \
	__objres_add_action_or_reset(head, action, data, #action, GFP_KERNEL)

void objres_remove_action(struct objres_head *head, void (*action)(void *),
			  void *data);
int objres_remove_action_nowarn(struct objres_head *head,
				void (*action)(void *), void *data);
void objres_release_action(struct objres_head *head, void (*action)(void *),
			   void *data);
int objres_release_action_nowarn(struct objres_head *head,
				 void (*action)(void *), void *data);

void *objres_kmalloc(struct objres_head *head, size_t size, gfp_t gfp)
	__malloc __alloc_size(2);
void *__objres_kmalloc_node(struct objres_head *head, size_t size, gfp_t gfp,
			    int node, unsigned long caller)
	__malloc __alloc_size(2);
void *objres_krealloc(struct objres_head *head, void *p, size_t new_size,
		      gfp_t gfp) __must_check __realloc_size(3);
void *__objres_krealloc_node(struct objres_head *head, void *p,
			     size_t new_size, gfp_t gfp, int nid,
			     unsigned long caller)
	__must_check __realloc_size(3);
char *objres_kstrdup(struct objres_head *head, const char *s, gfp_t gfp)
	__malloc;
const char *objres_kstrdup_const(struct objres_head *head, const char *s,
				 gfp_t gfp);
void *objres_kmemdup(struct objres_head *head, const void *src, size_t len,
		     gfp_t gfp) __realloc_size(3);
__printf(3, 0) char *objres_kvasprintf(struct objres_head *head, gfp_t gfp,
				       const char *fmt, va_list ap) __malloc;
__printf(3, 4) char *objres_kasprintf(struct objres_head *head, gfp_t gfp,
				      const char *fmt, ...) __malloc;
__printf(5, 0) char *__objres_kvasprintf_node(struct objres_head *head,
					      gfp_t gfp, int nid,
					      unsigned long caller,
					      const char *fmt, va_list ap)
	__malloc;
void objres_kfree(struct objres_head *head, const void *p);

/**
 * objres_kzalloc() - managed kzalloc()
 * @head: the head that owns the memory
 * @size: bytes to allocate
 * @gfp: allocation flags
 *
 * Return: zeroed memory freed when @head is released, or NULL.
 */
static inline __alloc_size(2) void *objres_kzalloc(struct objres_head *head,
						   size_t size, gfp_t gfp)
{
	return objres_kmalloc(head, size, gfp | __GFP_ZERO);
}

/**
 * objres_kmalloc_array() - managed kmalloc_array()
 * @head: the head that owns the memory
 * @n: number of elements
 * @size: bytes per element
 * @gfp: allocation flags
 *
 * Return: memory freed when @head is released, or NULL, also when
 * @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
objres_kmalloc_array(struct objres_head *head, size_t n, size_t size,
		     gfp_t gfp)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return objres_kmalloc(head, bytes, gfp);
}

/**
 * objres_kcalloc() - managed kcalloc()
 * @head: the head that owns the memory
 * @n: number of elements
 * @size: bytes per element
 * @gfp: allocation flags
 *
 * Return: zeroed memory freed when @head is released, or NULL, also when
 * @n * @size overflows.
 */
static inline __alloc_size(2, 3) void *
objres_kcalloc(struct objres_head *head, size_t n, size_t size, gfp_t gfp)
{
	return objres_kmalloc_array(head, n, size, gfp | __GFP_ZERO);
}

/**
 * objres_owns_container() - whether a head frees its owner's container
 * @head: the head
 *
 * Return: true once objres_set_final_kfree() registered a container, which
 * means the owner's lifetime is fully managed: its last reference must be
 * dropped for anything to be freed.
 */
static inline bool objres_owns_container(const struct objres_head *head)
{
	return READ_ONCE(head->final_kfree);
}

/**
 * DEFINE_OBJRES_ACTIONS() - typed release actions for a subsystem wrapper
 * @prefix: prefix of the generated identifiers
 * @type: the refcounted object, e.g. ``struct drm_device``
 * @member: the &struct objres_head in @type
 *
 * A subsystem's actions take its own object, ``void (*)(type *, void *)``.
 * Casting them to objres' callback type would break kCFI, so they need a node
 * type and a trampoline of their own. This generates both, static to the
 * wrapper's file, and helpers on top of them that take the object's head:
 *
 * ``int prefix_objres_add_action(head, fn, void *data, const char *name)``
 *	0, -ENOMEM, or -ENODEV if the head is already released.
 * ``int prefix_objres_add_action_or_reset(head, fn, void *data, const char *name)``
 *	the same, but on failure @fn runs at once.
 * ``int prefix_objres_remove_action(head, fn, void *data)``
 *	unlink the newest action with exactly @fn and @data without running
 *	it: 0 or -ENOENT.
 * ``int prefix_objres_release_action(head, fn, void *data)``
 *	the same, running it: 0 or -ENOENT.
 */
#define DEFINE_OBJRES_ACTIONS(prefix, type, member)			\
struct prefix##_objres_action {						\
	struct objres_node node;					\
	void (*fn)(type *obj, void *data);				\
	void *data;							\
};									\
									\
static inline type *prefix##_objres_obj(struct objres_head *head)	\
{									\
	return container_of(head, type, member);			\
}									\
									\
static void prefix##_objres_action_run(struct objres_head *head,	\
				       struct objres_node *node)	\
{									\
	struct prefix##_objres_action *act =				\
		container_of(node, struct prefix##_objres_action, node); \
									\
	act->fn(prefix##_objres_obj(head), act->data);			\
}									\
									\
static bool prefix##_objres_action_match(struct objres_node *node,	\
					 void *match_data)		\
{									\
	struct prefix##_objres_action *act =				\
		container_of(node, struct prefix##_objres_action, node); \
	struct prefix##_objres_action *key = match_data;		\
									\
	return act->fn == key->fn && act->data == key->data;		\
}									\
									\
static int __maybe_unused						\
prefix##_objres_add_action(struct objres_head *head,			\
			   void (*fn)(type *, void *), void *data,	\
			   const char *name)				\
{									\
	struct prefix##_objres_action *act;				\
	struct objres_node *node;					\
	int ret;							\
									\
	node = objres_node_alloc(sizeof(*act),				\
				 prefix##_objres_action_run, name,	\
				 GFP_KERNEL);				\
	if (!node)							\
		return -ENOMEM;						\
	act = container_of(node, struct prefix##_objres_action, node);	\
	act->fn = fn;							\
	act->data = data;						\
	ret = objres_add(head, node);					\
	if (ret)							\
		objres_node_free(node);					\
	return ret;							\
}									\
									\
static int __maybe_unused						\
prefix##_objres_add_action_or_reset(struct objres_head *head,		\
				    void (*fn)(type *, void *),		\
				    void *data, const char *name)	\
{									\
	int ret;							\
									\
	ret = prefix##_objres_add_action(head, fn, data, name);		\
	if (ret)							\
		fn(prefix##_objres_obj(head), data);			\
	return ret;							\
}									\
									\
static int __maybe_unused						\
prefix##_objres_remove_action(struct objres_head *head,			\
			      void (*fn)(type *, void *), void *data)	\
{									\
	struct prefix##_objres_action key = { .fn = fn, .data = data };	\
									\
	return objres_remove_match(head, prefix##_objres_action_run,	\
				   prefix##_objres_action_match, &key);	\
}									\
									\
static int __maybe_unused						\
prefix##_objres_release_action(struct objres_head *head,		\
			       void (*fn)(type *, void *), void *data)	\
{									\
	struct prefix##_objres_action key = { .fn = fn, .data = data };	\
									\
	return objres_release_match(head, prefix##_objres_action_run,	\
				    prefix##_objres_action_match, &key); \
}

void *objres_open_group(struct objres_head *head, void *id, gfp_t gfp);
void objres_close_group(struct objres_head *head, void *id);
void objres_remove_group(struct objres_head *head, void *id);
int objres_release_group(struct objres_head *head, void *id);

#endif /* _LINUX_OBJRES_H */
