// SPDX-License-Identifier: GPL-2.0
/*
 * objres: resources managed by the lifetime of a refcounted object
 */

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/kasan.h>
#include <linux/llist.h>
#include <linux/mm.h>
#include <linux/objres.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <asm/sections.h>
#include <trace/events/kmem.h>

#define CREATE_TRACE_POINTS
#include <trace/events/objres.h>

EXPORT_TRACEPOINT_SYMBOL_GPL(objres_add);
EXPORT_TRACEPOINT_SYMBOL_GPL(objres_release);

/**
 * DOC: overview
 *
 * objres ties release actions and memory to the lifetime of a refcounted
 * object, such as a &struct drm_device or a &struct v4l2_device, instead of
 * to the binding of a driver to a &struct device as devres does. Everything
 * added to an object's &struct objres_head is released by
 * objres_release_all(), which the object's subsystem calls exactly once,
 * when the last reference to the object is dropped. Userspace can hold
 * such a reference through an open file long after the hardware is gone,
 * so software state that an open file can reach belongs here, not in devres.
 *
 * Release runs newest first. A release function may add new resources to
 * the same head; they are released before objres_release_all() returns.
 * The structure that embeds the head can be handed to
 * objres_set_final_kfree(): it is freed after everything else, and the head
 * is not touched once it is.
 *
 * Drivers do not call objres directly. Each subsystem wraps it in functions
 * typed on its own object (drmm_kzalloc() takes a &struct drm_device), so
 * that the compiler rejects a resource added to the wrong kind of object.
 *
 * Each head has a lock, a spinlock_t taken with interrupts disabled and
 * never held while a release function runs. Adding takes no lock while the
 * head is live; everything else that looks at the list takes it. On
 * PREEMPT_RT a spinlock_t sleeps, so those functions may then be called
 * only where a spinlock_t may be taken: not from hard interrupt handlers or
 * raw spinlock sections. A raw spinlock would lift that, but at the price
 * of list walks (objres_find(), groups) with preemption off on RT, and
 * kfree(), which each release ends with, is no better there.
 */

struct objres_action {
	struct objres_node node;
	void (*action)(void *data);
	void *data;
};

/*
 * A group is delimited by two markers on the list. @close is linked only
 * once the group is closed.
 */
struct objres_group {
	struct objres_node open;
	struct objres_node close;
	void *id;
	unsigned int color;	/* markers in a range being released */
};

/* The kind bits live in the low bits of a head pointer. */
static_assert(__alignof__(struct objres_head) > OBJRES_KIND_MASK);

/*
 * Payload alignment: a managed allocation is aligned as kmalloc() would
 * align an object of its size (to the largest power of two dividing the
 * size), from ARCH_KMALLOC_MINALIGN up to a cache line, and to at least
 * ARCH_DMA_MINALIGN on heads whose owner is dma_safe. Each alignment is a
 * class of its own kind, so that the header can be found from the payload.
 */
#define OBJRES_MIN_ALIGN	ARCH_KMALLOC_MINALIGN
#define OBJRES_TOP_ALIGN	(OBJRES_MIN_ALIGN << (OBJRES_MEM_CLASSES - 1))
#define OBJRES_MAX_ALIGN	min_t(size_t, OBJRES_TOP_ALIGN,		\
				      max(SMP_CACHE_BYTES, ARCH_DMA_MINALIGN))
static_assert(OBJRES_TOP_ALIGN >= ARCH_DMA_MINALIGN);
/* The owner word ends the header: objres_mem_lookup() reads it there. */
static_assert(offsetofend(struct objres_mem, link.owner) ==
	      sizeof(struct objres_mem));

static const char objres_mem_name[] = "kmalloc";

static inline unsigned long objres_link_kind(const struct objres_link *link)
{
	return link->owner & OBJRES_KIND_MASK;
}

static inline bool objres_kind_is_mem(unsigned long kind)
{
	return kind >= OBJRES_KIND_MEM;
}

static inline bool objres_link_counted(const struct objres_link *link)
{
	return objres_link_kind(link) != OBJRES_KIND_MARKER;
}

static inline bool objres_link_owned(const struct objres_link *link,
				     const struct objres_head *head)
{
	return (link->owner & ~OBJRES_KIND_MASK) == (unsigned long)head;
}

static inline bool objres_link_is_node(const struct objres_link *link)
{
	unsigned long kind = objres_link_kind(link);

	return kind == OBJRES_KIND_NODE || kind == OBJRES_KIND_NODE_ALLOC;
}

/* Where the payload of a managed allocation of @kind starts. */
static __always_inline size_t objres_mem_offset(unsigned long kind)
{
	return ALIGN(sizeof(struct objres_mem),
		     OBJRES_MIN_ALIGN << (kind - OBJRES_KIND_MEM));
}

static __always_inline void *objres_mem_data(struct objres_mem *mem)
{
	return (void *)mem + objres_mem_offset(objres_link_kind(&mem->link));
}

/* The kind of a managed allocation of @size bytes on @head. */
static __always_inline unsigned long objres_mem_kind(struct objres_head *head,
						     size_t size)
{
	size_t align = min_t(size_t, size & -size, OBJRES_MAX_ALIGN);

	if (head->owner && head->owner->dma_safe)
		align = max_t(size_t, align, ARCH_DMA_MINALIGN);
	if (align <= OBJRES_MIN_ALIGN)
		return OBJRES_KIND_MEM;
	return OBJRES_KIND_MEM + ilog2(align) - ilog2(OBJRES_MIN_ALIGN);
}

/*
 * Tag a managed allocation as @head's. Its owner word is written before the
 * allocation is published and, for payloads that do not follow the header
 * directly, copied to the word just before the payload, where
 * objres_mem_lookup() looks first. Neither is written again while the
 * allocation is linked, so neither disturbs a DMA transfer into it.
 */
static __always_inline void objres_mem_tag(struct objres_mem *mem,
					   struct objres_head *head,
					   unsigned long kind)
{
	unsigned long owner = (unsigned long)head | kind;

	mem->link.owner = owner;
	if (objres_mem_offset(kind) > sizeof(*mem))
		((unsigned long *)objres_mem_data(mem))[-1] = owner;
}

static const char objres_op_add[] = "ADD";
static const char objres_op_rel[] = "REL";
static const char objres_op_rem[] = "REM";

static bool objres_logged(struct objres_head *head)
{
	const struct objres_owner *owner = head->owner;

	return owner && owner->log &&
	       (!owner->log_enabled || owner->log_enabled(head));
}

/*
 * Trace event and owner's log hook, outside the lock. @node is NULL for
 * managed memory; a node unlinked without running ("REM") is not traced.
 */
static noinline void __objres_event(struct objres_head *head, const char *op,
				    const char *name, size_t size,
				    struct objres_node *node)
{
	if (op == objres_op_add)
		trace_objres_add(head, name, size);
	else if (op == objres_op_rel)
		trace_objres_release(head, name, size);
	if (objres_logged(head))
		head->owner->log(head, op, name, size, node);
}

/* Inline, so that an allocation nobody watches pays no call for it. */
static __always_inline void objres_event(struct objres_head *head,
					 const char *op, const char *name,
					 size_t size, struct objres_node *node)
{
	if (trace_objres_add_enabled() || trace_objres_release_enabled() ||
	    (head->owner && head->owner->log))
		__objres_event(head, op, name, size, node);
}

/*
 * Take the lock-free additions off @pending, under the lock: llist_del_all()
 * with cmpxchg in place of xchg, which x86 locks even on uniprocessor
 * kernels, and no atomic at all when there is none. Not fully ordered when
 * @pending is empty: where an adder must see what was written before, use
 * llist_del_all().
 */
static struct llist_node *objres_take_pending(struct objres_head *head)
{
	struct llist_node *first = READ_ONCE(head->pending.first);

	while (first && !try_cmpxchg(&head->pending.first, &first, NULL))
		;
	return first;
}

/* Move a chain of lock-free additions, newest first, ahead of @nodes. */
static void objres_merge_chain(struct objres_head *head,
			       struct llist_node *first)
{
	struct objres_link *link, *next;
	LIST_HEAD(batch);

	llist_for_each_entry_safe(link, next, first, pending) {
		list_add_tail(&link->entry, &batch);
		if (objres_link_counted(link))
			head->count++;
	}
	list_splice(&batch, &head->nodes);
}

/*
 * Move lock-free additions to the front of @nodes, newest first: those a
 * release has still to take (older), then those on @pending. Whoever takes
 * the lock does this first, so that under the lock @nodes is whole.
 */
static void objres_merge_locked(struct objres_head *head)
{
	lockdep_assert_held(&head->lock);

	if (head->releasing) {
		objres_merge_chain(head, head->releasing);
		head->releasing = NULL;
	}
	if (!llist_empty(&head->pending))
		objres_merge_chain(head, objres_take_pending(head));
}

/*
 * While objres_release_all() runs, only the task running it may use the
 * head, and not from an interrupt that preempted it: the release loop
 * takes entries off @nodes without the lock.
 */
static bool objres_foreign_locked(struct objres_head *head)
{
	/* Pairs with the release at the end of objres_release_list(). */
	unsigned int state = smp_load_acquire(&head->state);

	lockdep_assert_held(&head->lock);

	return state == OBJRES_RELEASING &&
	       (READ_ONCE(head->releaser) != current ||
		head->releaser_ctx != interrupt_context_level());
}

/* Out of line, so that the warning names one function wherever it comes. */
static noinline void objres_refuse_foreign(struct objres_head *head)
{
	WARN_ONCE(1, "objres: %s head used by another task while it is released\n",
		  head->owner ? head->owner->name : "objres");
}

/*
 * Take the head's lock and make @nodes whole. Returns false, with a
 * warning if @warn, when another task is releasing the head: the caller
 * must then leave the list alone, unlock and refuse.
 */
static bool __objres_lock(struct objres_head *head, unsigned long *flags,
			  bool warn)
	__acquires(&head->lock)
{
	spin_lock_irqsave(&head->lock, *flags);
	/*
	 * A caller that found a link owned by @head (objres_kfree()) must also
	 * see it on @pending or @nodes: order the loads after the lock against
	 * those before it.
	 */
	smp_mb__after_spinlock();
	if (unlikely(objres_foreign_locked(head))) {
		if (warn)
			objres_refuse_foreign(head);
		return false;
	}
	objres_merge_locked(head);
	return true;
}

static bool objres_lock(struct objres_head *head, unsigned long *flags)
	__acquires(&head->lock)
{
	return __objres_lock(head, flags, true);
}

static void objres_unlock(struct objres_head *head, unsigned long flags)
	__releases(&head->lock)
{
	spin_unlock_irqrestore(&head->lock, flags);
}

#if IS_ENABLED(CONFIG_OBJRES_DEBUG) && IS_ENABLED(CONFIG_DEBUG_FS)
static struct dentry *objres_debugfs_root;
static atomic_t objres_debugfs_ids = ATOMIC_INIT(0);

static int objres_debugfs_show(struct seq_file *m, void *unused)
{
	struct objres_head *head = m->private;
	struct objres_link *link;
	struct objres_mem *mem;
	struct objres_node *node;
	unsigned long flags;

	/* A reader racing with the release gets nothing, and no warning. */
	if (!__objres_lock(head, &flags, false)) {
		objres_unlock(head, flags);
		return 0;
	}
	seq_printf(m, "# %u resources, newest first: name size\n", head->count);
	list_for_each_entry(link, &head->nodes, entry) {
		if (objres_kind_is_mem(objres_link_kind(link))) {
			mem = container_of(link, struct objres_mem, link);
			seq_printf(m, "%s %zu\n", objres_mem_name, mem->size);
		} else {
			node = container_of(link, struct objres_node, link);
			seq_printf(m, "%s 0\n", node->name);
		}
	}
	objres_unlock(head, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(objres_debugfs);

static void objres_debugfs_create(struct work_struct *work)
{
	struct objres_head *head = container_of(work, struct objres_head,
						debugfs_work);
	char name[48];

	snprintf(name, sizeof(name), "%s-%d",
		 head->owner ? head->owner->name : "objres",
		 atomic_inc_return(&objres_debugfs_ids));
	/* Root only: the names are those of kernel functions. */
	head->debugfs = debugfs_create_file(name, 0400, objres_debugfs_root,
					    head, &objres_debugfs_fops);
}

/*
 * A head gets its file with its first resource, from a work item: adding
 * may happen in atomic context, and heads that never hold anything (a
 * v4l2_device without v4l2m_ resources) may be freed without a release.
 * Nothing may be created once the release has begun.
 */
static void objres_debugfs_added(struct objres_head *head)
{
	if (test_bit(0, &head->debugfs_queued) || !objres_debugfs_root ||
	    READ_ONCE(head->state) != OBJRES_LIVE ||
	    (head->owner && head->owner->no_debugfs))
		return;
	if (!test_and_set_bit(0, &head->debugfs_queued)) {
		INIT_WORK(&head->debugfs_work, objres_debugfs_create);
		schedule_work(&head->debugfs_work);
	}
}

static bool objres_debugfs_queued(struct objres_head *head)
{
	return test_bit(0, &head->debugfs_queued);
}

/*
 * Sleeps: the file goes before anything is released.
 */
static void objres_debugfs_remove(struct objres_head *head)
{
	cancel_work_sync(&head->debugfs_work);
	debugfs_remove(head->debugfs);
	head->debugfs = NULL;
	clear_bit(0, &head->debugfs_queued);
}

static int __init objres_debugfs_init(void)
{
	objres_debugfs_root = debugfs_create_dir("objres", NULL);
	return 0;
}
postcore_initcall(objres_debugfs_init);
#else
static void objres_debugfs_added(struct objres_head *head)
{
}

static bool objres_debugfs_queued(struct objres_head *head)
{
	return false;
}

static void objres_debugfs_remove(struct objres_head *head)
{
}
#endif

static void objres_link_add_locked(struct objres_head *head,
				   struct objres_link *link)
{
	lockdep_assert_held(&head->lock);

	link->owner |= (unsigned long)head;
	list_add(&link->entry, &head->nodes);
	if (objres_link_counted(link))
		head->count++;
}

static void objres_link_del_locked(struct objres_head *head,
				   struct objres_link *link)
{
	lockdep_assert_held(&head->lock);

	list_del_init(&link->entry);
	link->owner &= OBJRES_KIND_MASK;
	if (objres_link_counted(link))
		head->count--;
}

/*
 * Adding to a head that is not live: only objres_release_all()'s own
 * release functions may, and their additions go straight to the front of
 * @nodes, which the release loop takes from next.
 */
static noinline bool objres_link_add_slow(struct objres_head *head,
					  struct objres_link *link)
{
	unsigned long flags;
	unsigned int state;
	bool added = false;

	/*
	 * Live again since we looked, or being released by this task, whose
	 * release loop takes from the front of @nodes once @releasing is
	 * merged: the new entry is the newest either way.
	 */
	spin_lock_irqsave(&head->lock, flags);
	/* Pairs with the release at the end of objres_release_list(). */
	state = smp_load_acquire(&head->state);
	if (state == OBJRES_LIVE ||
	    (state == OBJRES_RELEASING && !objres_foreign_locked(head))) {
		objres_merge_locked(head);
		objres_link_add_locked(head, link);
		added = true;
	}
	spin_unlock_irqrestore(&head->lock, flags);

	WARN_ONCE(!added, "objres: adding to a %s head that is %s\n",
		  head->owner ? head->owner->name : "objres",
		  head->state == OBJRES_RELEASED ? "released" :
		  "released by another task");
	return added;
}

/*
 * An addition that raced with the start of objres_release_all() in another
 * task: the caller holds no reference to the object, which is a bug. The
 * release loop still finds the entry on @pending and releases it (but the
 * caller may already be using freed memory).
 */
static noinline void objres_link_add_raced(struct objres_head *head)
{
	WARN_ONCE(1, "objres: adding to a %s head while another task releases it\n",
		  head->owner ? head->owner->name : "objres");
}

/*
 * Link @link unless the head is already released. Adding is the hot path of
 * every managed allocation, and it takes no lock: @link goes on @pending
 * with one atomic exchange, after its owner word is tagged.
 */
/* Whether a head takes lock-free additions. */
static __always_inline bool objres_open(const struct objres_head *head)
{
	return READ_ONCE(head->state) == OBJRES_LIVE;
}

static __always_inline bool objres_link_add(struct objres_head *head,
					    struct objres_link *link)
{
	struct llist_node *first;

	if (unlikely(!objres_open(head)))
		return objres_link_add_slow(head, link);

	link->owner |= (unsigned long)head;
	/*
	 * llist_add(), open-coded: it is out of line, and its call made one
	 * managed allocation on a fresh head about 10% dearer (make bench).
	 * The exchange is fully ordered: whoever finds @link on @pending sees
	 * its owner word tagged.
	 */
	first = READ_ONCE(head->pending.first);
	do {
		link->pending.next = first;
	} while (!try_cmpxchg(&head->pending.first, &first, &link->pending));
	/*
	 * objres_release_all() marks the head before it takes @pending: after
	 * the exchange, a release that could have missed @link shows here.
	 */
	if (unlikely(!objres_open(head)))
		objres_link_add_raced(head);
	objres_debugfs_added(head);
	return true;
}

static size_t objres_mem_size(struct objres_mem *mem)
{
#ifdef CONFIG_OBJRES_DEBUG
	return mem->size;
#else
	/* Only for debug output and krealloc(), and only before kfree(). */
	return ksize(mem) - objres_mem_offset(objres_link_kind(&mem->link));
#endif
}

/* The release event of managed memory, whose size may cost a ksize(). */
static void objres_mem_event(struct objres_head *head, struct objres_mem *mem)
{
	if (trace_objres_release_enabled() || objres_logged(head))
		objres_event(head, objres_op_rel, objres_mem_name,
			     objres_mem_size(mem), NULL);
}

/*
 * The owner word of an allocated node while its release function runs: no
 * head has this address, so objres_add() refuses the node (it is about to
 * be freed) and objres_node_free() refuses to free it twice.
 */
#define OBJRES_OWNER_RELEASING	(~OBJRES_KIND_MASK | OBJRES_KIND_NODE_ALLOC)

/* Run or free an entry that has just been unlinked from @head. */
static __always_inline void objres_link_release(struct objres_head *head,
						struct objres_link *link)
{
	unsigned long kind = objres_link_kind(link);
	struct objres_node *node;
	struct objres_mem *mem;

	if (objres_kind_is_mem(kind)) {
		mem = container_of(link, struct objres_mem, link);
		objres_mem_event(head, mem);
		kfree(mem);
		return;
	}

	node = container_of(link, struct objres_node, link);
	switch (kind) {
	case OBJRES_KIND_NODE_ALLOC:
		objres_event(head, objres_op_rel, node->name, 0, node);
		link->owner = OBJRES_OWNER_RELEASING;
		node->release(head, node);
		kfree(node);
		break;
	case OBJRES_KIND_MARKER:
		node->release(head, node);
		break;
	default:
		objres_event(head, objres_op_rel, node->name, 0, node);
		/* An embedded node may be freed by its own release. */
		node->release(head, node);
		break;
	}
}

/*
 * Take the newest entry off a head that objres_release_all() is releasing:
 * from @releasing, the lock-free additions it took when it began, then from
 * @nodes. Its own release functions add under the lock, which merges
 * @releasing into @nodes first; other tasks leave both alone
 * (objres_lock()). The entries not taken yet stay owned by @head, so that a
 * release function may still free or remove one of them early.
 */
static struct objres_link *objres_pop(struct objres_head *head)
{
	struct objres_link *link;

	if (head->releasing) {
		link = llist_entry(head->releasing, struct objres_link,
				   pending);
		head->releasing = link->pending.next;
		return link;
	}
	link = list_first_entry_or_null(&head->nodes, struct objres_link, entry);
	if (link) {
		list_del(&link->entry);
		if (objres_link_counted(link))
			head->count--;
	}
	return link;
}

/**
 * objres_idle() - whether a head can be dropped without a release
 * @head: the head
 *
 * For owners whose release path may free the head without
 * objres_release_all() when it was never used.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: true if nothing is linked (group markers included) and no debugfs
 * file was set up, so that freeing @head leaks nothing; false also while
 * @head is released or reset.
 */
bool objres_idle(struct objres_head *head)
{
	unsigned long flags;
	bool idle = false;

	if (objres_lock(head, &flags))
		idle = list_empty(&head->nodes) && !objres_debugfs_queued(head) &&
		       !READ_ONCE(head->releaser);
	objres_unlock(head, flags);
	return idle;
}
EXPORT_SYMBOL_GPL(objres_idle);

/**
 * objres_count() - number of resources on a head
 * @head: the head
 *
 * Counts nodes and managed allocations, not group markers. Meant for tests
 * and debugging: the value may be stale by the time it is used.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: the number of resources that objres_release_all() would release,
 * or 0 (with a warning) while another task releases @head.
 */
unsigned int objres_count(struct objres_head *head)
{
	unsigned long flags;
	unsigned int count = 0;

	if (objres_lock(head, &flags))
		count = head->count;
	objres_unlock(head, flags);
	return count;
}
EXPORT_SYMBOL_GPL(objres_count);

/**
 * objres_set_final_kfree() - free a structure after all resources
 * @head: the head
 * @container: the structure to kfree() last, usually the one embedding
 *	@head and the refcounted object; NULL to cancel
 *
 * The driver structure that embeds a subsystem object cannot be a managed
 * allocation of that object: release actions still use it. Registering it
 * here frees it at the very end of objres_release_all(), after which the
 * head is not touched again.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 */
void objres_set_final_kfree(struct objres_head *head, void *container)
{
	unsigned long flags;

	/* One container, registered while the head is live. */
	if (objres_lock(head, &flags) &&
	    !WARN_ON_ONCE((head->final_kfree && container) ||
			  head->state != OBJRES_LIVE))
		head->final_kfree = container;
	objres_unlock(head, flags);
}
EXPORT_SYMBOL_GPL(objres_set_final_kfree);

/*
 * How a release frees managed memory, decided once per release: @quiet
 * when no event of objres or of the owner asks about each allocation, and
 * also in @bulk, kfree_bulk() of up to OBJRES_SWEEP_BULK at a time, when
 * kfree() is not traced either and interrupts are enabled, as
 * kmem_cache_free_bulk() requires. kfree_bulk() returns neighbours in one
 * slab with one operation, where kfree() takes one each. @mem is flushed
 * before any release function runs, so resources still go in their order:
 * memory freed a little after its turn is invisible to them.
 */
#define OBJRES_SWEEP_BULK	16

struct objres_sweep {
	bool quiet;
	bool bulk;
	unsigned int count;
	void *mem[OBJRES_SWEEP_BULK];
};

static void objres_sweep_start(struct objres_head *head,
			       struct objres_sweep *sweep)
{
	sweep->quiet = !trace_objres_release_enabled() && !objres_logged(head);
	sweep->bulk = sweep->quiet && !trace_kfree_enabled() &&
		      !irqs_disabled();
	sweep->count = 0;
}

/* Inline, so that slab debugging charges the free to the release. */
static __always_inline void objres_sweep_flush(struct objres_sweep *sweep)
{
	if (sweep->count == 1)
		kfree(sweep->mem[0]);
	else if (sweep->count)
		kfree_bulk(sweep->count, sweep->mem);
	sweep->count = 0;
}

/*
 * Mark an entry that a release has taken off its head but not released
 * yet: no head has this owner, so nobody adds, frees, finds or removes it
 * meanwhile (for an allocated node it is OBJRES_OWNER_RELEASING).
 */
static void objres_link_take(struct objres_link *link)
{
	link->owner |= ~OBJRES_KIND_MASK;
}

/*
 * Release an entry a release has taken off its head. Unmarked first: a
 * node may be added again from its own release function.
 */
static __always_inline void objres_release_taken(struct objres_head *head,
						 struct objres_link *link,
						 struct objres_sweep *sweep)
{
	struct objres_mem *mem = container_of(link, struct objres_mem, link);

	link->owner &= OBJRES_KIND_MASK;
	if (!sweep->quiet || !objres_kind_is_mem(objres_link_kind(link))) {
		objres_sweep_flush(sweep);
		objres_link_release(head, link);
	} else if (sweep->bulk) {
		sweep->mem[sweep->count++] = mem;
		if (sweep->count == OBJRES_SWEEP_BULK)
			objres_sweep_flush(sweep);
	} else {
		kfree(mem);
	}
}

/*
 * Release, newest first, the entries a reset or a group release took off
 * @head onto @taken. Returns how many were counted (not group markers).
 */
static int objres_release_taken_list(struct objres_head *head,
				     struct list_head *taken,
				     struct objres_sweep *sweep)
{
	struct objres_link *link;
	int count = 0;

	while ((link = list_first_entry_or_null(taken, struct objres_link,
						entry))) {
		list_del_init(&link->entry);
		count += objres_link_counted(link);
		objres_release_taken(head, link, sweep);
	}
	return count;
}

/*
 * Release everything on @head for good, newest first, including what the
 * release functions add meanwhile, and hand back its container.
 */
static void *objres_release_list(struct objres_head *head)
{
	struct objres_link *link;
	unsigned long flags;
	struct objres_sweep sweep __uninitialized;
	void *container;

	/* Always, not only when the file exists: see objres_debugfs_remove(). */
	if (IS_ENABLED(CONFIG_OBJRES_DEBUG) && IS_ENABLED(CONFIG_DEBUG_FS) &&
	    !(head->owner && head->owner->no_debugfs))
		might_sleep();

	/*
	 * From here on only this task, in this context, may use @head: other
	 * callers are refused under the lock, so the loop below can take
	 * entries off @nodes without it.
	 */
	spin_lock_irqsave(&head->lock, flags);
	if (WARN_ON_ONCE(head->state != OBJRES_LIVE ||
			 READ_ONCE(head->releaser))) {
		spin_unlock_irqrestore(&head->lock, flags);
		return NULL;
	}
	WRITE_ONCE(head->state, OBJRES_RELEASING);
	head->releaser = current;
	head->releaser_ctx = interrupt_context_level();
	/*
	 * Taken in one go: the loop pops them without walking them first.
	 * llist_del_all(), fully ordered even when @pending is empty: an adder
	 * that the exchange misses sees the state written above
	 * (objres_link_add()).
	 */
	head->releasing = llist_del_all(&head->pending);
	spin_unlock_irqrestore(&head->lock, flags);

	if (objres_debugfs_queued(head))
		objres_debugfs_remove(head);

	objres_sweep_start(head, &sweep);

	/*
	 * The container stays registered meanwhile: wrappers look at it to
	 * tell a managed owner (objres_owns_container()).
	 */
	for (;;) {
		while ((link = objres_pop(head)))
			objres_release_taken(head, link, &sweep);
		objres_sweep_flush(&sweep);
		/*
		 * Additions of other tasks that raced with the start; one that
		 * comes later still is theirs to lose, with a warning.
		 */
		if (llist_empty(&head->pending))
			break;
		spin_lock_irqsave(&head->lock, flags);
		objres_merge_locked(head);
		spin_unlock_irqrestore(&head->lock, flags);
	}
	WRITE_ONCE(head->releaser, NULL);
	container = head->final_kfree;
	head->final_kfree = NULL;
	/* Other tasks that see the new state under the lock see @nodes empty. */
	smp_store_release(&head->state, OBJRES_RELEASED);
	return container;
}

/**
 * objres_release_resources() - release everything on a head but its container
 * @head: the head
 *
 * As objres_release_all(), except that the final-kfree container is handed
 * back instead of freed: for owners whose own release code must run between
 * the resources and the container, and may free the structure that embeds
 * @head itself (as V4L2 drivers' v4l2_device release callbacks do).
 *
 * Context: As objres_release_all().
 * Return: the container registered with objres_set_final_kfree(), or NULL;
 * the caller kfree()s it, and @head must not be used once it is freed.
 */
void *objres_release_resources(struct objres_head *head)
{
	void *container = objres_release_list(head);

	if (container)
		trace_objres_release(head, "final kfree", 0);
	return container;
}
EXPORT_SYMBOL_GPL(objres_release_resources);

/**
 * objres_reset() - release everything on a head and keep it live
 * @head: the head
 *
 * For heads that outlive one use of their owner, such as a device's, which
 * serves one driver binding after another: the resources @head holds are
 * taken off it in one go and released newest first. @head stays live: what
 * is added meanwhile, by other tasks or by the release functions, stays on
 * it for later, and other tasks find it as if empty, without a warning. The
 * resources being released are no longer @head's: freeing or removing one
 * early warns, as for any resource @head does not own. This is what devres
 * did before it was built on objres, and what a device needs: other tasks
 * hold references to it while its driver unbinds. The final-kfree
 * container stays registered and is not freed.
 *
 * Context: Any context in which the release functions may run and a
 * spinlock_t may be taken; objres does not sleep here.
 * Return: the number of resources released (group markers not counted),
 * or -EBUSY (with a warning) if @head is released or being released.
 */
int objres_reset(struct objres_head *head)
{
	struct objres_link *link, *next;
	struct objres_sweep sweep __uninitialized;
	struct llist_node *chain;
	unsigned long flags;
	LIST_HEAD(taken);
	int count = 0;

	/* Most devices hold nothing when they go: no lock for them. */
	if (list_empty(&head->nodes) && llist_empty(&head->pending) &&
	    READ_ONCE(head->state) == OBJRES_LIVE)
		return 0;

	spin_lock_irqsave(&head->lock, flags);
	if (WARN_ON_ONCE(head->state != OBJRES_LIVE ||
			 READ_ONCE(head->releaser))) {
		spin_unlock_irqrestore(&head->lock, flags);
		return -EBUSY;
	}
	/*
	 * Everything goes off @head in one go and is no longer its own, so
	 * that @head stays live and empty for everybody while it is released.
	 */
	chain = objres_take_pending(head);
	llist_for_each_entry(link, chain, pending)
		objres_link_take(link);
	list_splice_init(&head->nodes, &taken);
	list_for_each_entry(link, &taken, entry)
		objres_link_take(link);
	head->count = 0;
	head->releaser_ctx = interrupt_context_level();
	WRITE_ONCE(head->releaser, current);
	spin_unlock_irqrestore(&head->lock, flags);

	objres_sweep_start(head, &sweep);
	/* Newest first: the lock-free additions, then the list. */
	llist_for_each_entry_safe(link, next, chain, pending) {
		count += objres_link_counted(link);
		objres_release_taken(head, link, &sweep);
	}
	count += objres_release_taken_list(head, &taken, &sweep);
	objres_sweep_flush(&sweep);
	WRITE_ONCE(head->releaser, NULL);
	return count;
}
EXPORT_SYMBOL_GPL(objres_reset);

/**
 * objres_release_all() - release everything on a head
 * @head: the head
 *
 * Releases the resources newest first, including those that release
 * functions add meanwhile, then frees the final-kfree container. Called once,
 * by the subsystem, when the last reference to the object is dropped. A
 * second call is a bug: it warns and does nothing. After it returns nothing
 * more can be added to @head.
 *
 * While it runs, only the release functions it calls may use @head: the
 * final put of a refcounted object has no other users. A call from any other
 * task (or from an interrupt of this one) warns and is refused. objres
 * takes the lock at the start, and again only to merge additions that raced
 * with it; release functions run as the caller runs, never with interrupts
 * turned off by objres.
 *
 * Context: Any context in which the release functions may run and a
 * spinlock_t may be taken. objres itself sleeps here only to remove the
 * head's debugfs file, which exists with CONFIG_OBJRES_DEBUG and
 * CONFIG_DEBUG_FS.
 */
void objres_release_all(struct objres_head *head)
{
	/* @head may live in the container: nothing touches it from here on. */
	kfree(objres_release_resources(head));
}
EXPORT_SYMBOL_GPL(objres_release_all);

/**
 * objres_node_alloc() - allocate a node that objres frees after release
 * @size: size of the caller's structure, which starts with the node
 * @release: called once when the node is released
 * @name: what debug output calls the node; must outlive the node
 * @gfp: allocation flags
 *
 * For typed wrappers that keep their own callback and data next to the
 * node. Once added, objres frees the structure after @release has run, or
 * the caller frees it with objres_node_free() after objres_remove().
 *
 * Context: As @gfp allows.
 * Return: the node at the start of @size bytes, or NULL.
 */
struct objres_node *objres_node_alloc(size_t size, objres_release_t release,
				      const char *name, gfp_t gfp)
{
	return __objres_node_alloc(size, release, name, gfp, NUMA_NO_NODE,
				   _RET_IP_);
}
EXPORT_SYMBOL_GPL(objres_node_alloc);

/**
 * __objres_node_alloc() - objres_node_alloc() on a NUMA node, for wrappers
 * @size: size of the caller's structure, which starts with the node
 * @release: called once when the node is released
 * @name: what debug output calls the node; must outlive the node
 * @gfp: allocation flags
 * @nid: NUMA node to allocate from, or NUMA_NO_NODE
 * @caller: the address slab debugging charges the allocation to
 *
 * Context: As @gfp allows.
 * Return: the node at the start of @size bytes, or NULL.
 */
struct objres_node *__objres_node_alloc(size_t size, objres_release_t release,
					const char *name, gfp_t gfp, int nid,
					unsigned long caller)
{
	struct objres_node *node;

	if (WARN_ON_ONCE(size < sizeof(*node)))
		return NULL;

	node = alloc_hooks(kmalloc_node_track_caller_noprof(size, gfp, nid,
							    caller));
	if (!node)
		return NULL;

	objres_node_init(node, release, name);
	node->link.owner = OBJRES_KIND_NODE_ALLOC;
	return node;
}
EXPORT_SYMBOL_GPL(__objres_node_alloc);

/**
 * objres_node_free() - free a node from objres_node_alloc() that is not linked
 * @node: the node, or NULL
 *
 * For nodes that were never added, could not be added, or were removed
 * with objres_remove(). Freeing a node that is still on a head warns and
 * does nothing.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 */
void objres_node_free(struct objres_node *node)
{
	if (!node)
		return;
	if (WARN_ON_ONCE(node->link.owner != OBJRES_KIND_NODE_ALLOC))
		return;
	kfree(node);
}
EXPORT_SYMBOL_GPL(objres_node_free);

/**
 * objres_add() - add a node to a head
 * @head: the head
 * @node: a node prepared with objres_node_init() or objres_node_alloc()
 *
 * The node's release function runs when @head is released, newest first,
 * unless the node is removed or released earlier. Nothing is allocated, so
 * this cannot fail on a live head.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: 0, or -ENODEV (with a warning) when @head is already released
 * or -EBUSY (with a warning) when @node is already on a head; @node is left
 * as it was.
 */
int objres_add(struct objres_head *head, struct objres_node *node)
{
	bool live;

	if (WARN_ON_ONCE(!objres_link_is_node(&node->link) ||
			 node->link.owner & ~OBJRES_KIND_MASK))
		return -EBUSY;
	/*
	 * Once linked, the node may be released and freed by anyone: it is
	 * logged before. A head that is not live refuses it, unless this is
	 * the task releasing it, which alone could release the node.
	 */
	live = objres_open(head);
	if (live)
		objres_event(head, objres_op_add, node->name, 0, node);
	if (!objres_link_add(head, &node->link))
		return -ENODEV;
	if (!live)
		objres_event(head, objres_op_add, node->name, 0, node);
	return 0;
}
EXPORT_SYMBOL_GPL(objres_add);

/* Unlink @node if it is on @head; false if it is not. */
static bool objres_node_unlink(struct objres_head *head,
			       struct objres_node *node)
{
	unsigned long flags;
	bool owned;

	owned = objres_lock(head, &flags) &&
		objres_link_is_node(&node->link) &&
		objres_link_owned(&node->link, head);
	if (owned)
		objres_link_del_locked(head, &node->link);
	objres_unlock(head, flags);

	return owned;
}

/**
 * objres_remove() - unlink a node without running it
 * @head: the head the node is on
 * @node: the node
 *
 * The node is the caller's again: it can be added again, and one from
 * objres_node_alloc() must be freed with objres_node_free().
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: 0, or -ENOENT (with a warning) if @node is not on @head.
 */
int objres_remove(struct objres_head *head, struct objres_node *node)
{
	if (WARN_ON_ONCE(!objres_node_unlink(head, node)))
		return -ENOENT;
	objres_event(head, objres_op_rem, node->name, 0, node);
	return 0;
}
EXPORT_SYMBOL_GPL(objres_remove);

/**
 * objres_release() - unlink a node and run it now
 * @head: the head the node is on
 * @node: the node
 *
 * The release function runs at once instead of at objres_release_all();
 * a node from objres_node_alloc() is freed afterwards.
 *
 * Context: Any context in which the release function may run and a spinlock_t
 * may be taken.
 * Return: 0, or -ENOENT (with a warning) if @node is not on @head, for
 * instance because it was released already.
 */
int objres_release(struct objres_head *head, struct objres_node *node)
{
	if (WARN_ON_ONCE(!objres_node_unlink(head, node)))
		return -ENOENT;
	objres_link_release(head, &node->link);
	return 0;
}
EXPORT_SYMBOL_GPL(objres_release);

static struct objres_node *objres_find_locked(struct objres_head *head,
					      objres_release_t release,
					      objres_match_t match,
					      void *match_data)
{
	struct objres_link *link;
	struct objres_node *node;

	lockdep_assert_held(&head->lock);

	list_for_each_entry(link, &head->nodes, entry) {
		if (!objres_link_is_node(link))
			continue;
		node = container_of(link, struct objres_node, link);
		if (node->release == release &&
		    (!match || match(node, match_data)))
			return node;
	}
	return NULL;
}

/**
 * objres_find() - find the newest node with a release function
 * @head: the head
 * @release: the release function of the node wanted
 * @match: optional further test, called under the head's lock
 * @match_data: argument for @match
 *
 * As devres_find(): the node stays linked, and using it races with its
 * release unless the caller serialises against that. While
 * objres_release_all() runs, the entries it has not released yet are still
 * found.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: the newest node with @release for which @match is true (or any
 * node with @release if @match is NULL), or NULL.
 */
struct objres_node *objres_find(struct objres_head *head,
				objres_release_t release,
				objres_match_t match, void *match_data)
{
	struct objres_node *node;
	unsigned long flags;

	node = NULL;
	if (objres_lock(head, &flags))
		node = objres_find_locked(head, release, match, match_data);
	objres_unlock(head, flags);

	return node;
}
EXPORT_SYMBOL_GPL(objres_find);

static struct objres_node *objres_find_unlink(struct objres_head *head,
					      objres_release_t release,
					      objres_match_t match,
					      void *match_data)
{
	struct objres_node *node;
	unsigned long flags;

	node = NULL;
	if (objres_lock(head, &flags))
		node = objres_find_locked(head, release, match, match_data);
	if (node)
		objres_link_del_locked(head, &node->link);
	objres_unlock(head, flags);
	return node;
}

/**
 * objres_unlink_match() - find a node and unlink it, handing it back
 * @head: the head
 * @release: the release function of the node wanted
 * @match: optional further test, called under the head's lock
 * @match_data: argument for @match
 *
 * As objres_remove_match(), but the node is the caller's afterwards, also
 * one from objres_node_alloc(): the caller runs or frees it.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: the node, or NULL if none matched.
 */
struct objres_node *objres_unlink_match(struct objres_head *head,
					objres_release_t release,
					objres_match_t match,
					void *match_data)
{
	struct objres_node *node;

	node = objres_find_unlink(head, release, match, match_data);
	if (node)
		objres_event(head, objres_op_rem, node->name, 0, node);
	return node;
}
EXPORT_SYMBOL_GPL(objres_unlink_match);

/**
 * objres_find_or_add() - add a node unless a matching one is there
 * @head: the head
 * @node: a node prepared with objres_node_init() or objres_node_alloc()
 * @match: optional further test, called under the head's lock, on the
 *	nodes with @node's release function
 * @match_data: argument for @match
 *
 * Looks for a node as objres_find() does and adds @node if there is none,
 * under one hold of the lock, so that of two tasks adding equal nodes one
 * finds the other's. The owner's log hook sees the addition under the
 * lock, before the node can be released.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: the node found, or @node once added; NULL (with a warning) when
 * @head is released or @node is on a head already. Unless @node is
 * returned, it is still the caller's.
 */
struct objres_node *objres_find_or_add(struct objres_head *head,
				       struct objres_node *node,
				       objres_match_t match, void *match_data)
{
	struct objres_node *found = NULL;
	unsigned long flags;

	if (WARN_ON_ONCE(!objres_link_is_node(&node->link) ||
			 node->link.owner & ~OBJRES_KIND_MASK))
		return NULL;

	if (objres_lock(head, &flags) &&
	    !WARN_ON_ONCE(head->state == OBJRES_RELEASED)) {
		found = objres_find_locked(head, node->release, match,
					   match_data);
		if (!found) {
			objres_event(head, objres_op_add, node->name, 0, node);
			objres_link_add_locked(head, &node->link);
			found = node;
		}
	}
	objres_unlock(head, flags);

	if (found == node)
		objres_debugfs_added(head);
	return found;
}
EXPORT_SYMBOL_GPL(objres_find_or_add);

/**
 * objres_for_each() - call a function for nodes with a release function
 * @head: the head
 * @release: the release function of the nodes wanted
 * @fn: called for each of them, newest first, under the head's lock: it
 *	must not sleep or use @head
 * @data: argument for @fn
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 */
void objres_for_each(struct objres_head *head, objres_release_t release,
		     void (*fn)(struct objres_node *node, void *data),
		     void *data)
{
	struct objres_link *link;
	struct objres_node *node;
	unsigned long flags;

	if (objres_lock(head, &flags)) {
		list_for_each_entry(link, &head->nodes, entry) {
			node = container_of(link, struct objres_node, link);
			if (objres_link_is_node(link) &&
			    node->release == release)
				fn(node, data);
		}
	}
	objres_unlock(head, flags);
}
EXPORT_SYMBOL_GPL(objres_for_each);

/**
 * objres_remove_match() - find a node and unlink it without running it
 * @head: the head
 * @release: the release function of the node wanted
 * @match: optional further test, called under the head's lock
 * @match_data: argument for @match
 *
 * Finds the node as objres_find() does and unlinks it atomically. A node
 * from objres_node_alloc() is freed; an embedded node is the caller's again.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: 0, or -ENOENT if no node matched.
 */
int objres_remove_match(struct objres_head *head, objres_release_t release,
			objres_match_t match, void *match_data)
{
	struct objres_node *node;

	node = objres_unlink_match(head, release, match, match_data);
	if (!node)
		return -ENOENT;
	if (objres_link_kind(&node->link) == OBJRES_KIND_NODE_ALLOC)
		kfree(node);
	return 0;
}
EXPORT_SYMBOL_GPL(objres_remove_match);

/**
 * objres_release_match() - find a node, unlink it and run it now
 * @head: the head
 * @release: the release function of the node wanted
 * @match: optional further test, called under the head's lock
 * @match_data: argument for @match
 *
 * Context: Any context in which the release function may run and a spinlock_t
 * may be taken.
 * Return: 0, or -ENOENT if no node matched.
 */
int objres_release_match(struct objres_head *head, objres_release_t release,
			 objres_match_t match, void *match_data)
{
	struct objres_node *node;

	node = objres_find_unlink(head, release, match, match_data);
	if (!node)
		return -ENOENT;
	objres_link_release(head, &node->link);
	return 0;
}
EXPORT_SYMBOL_GPL(objres_release_match);

static void objres_action_release(struct objres_head *head,
				  struct objres_node *node)
{
	struct objres_action *act = container_of(node, struct objres_action,
						 node);

	act->action(act->data);
}

/**
 * __objres_add_action() - add a release action to a head
 * @head: the head
 * @action: function to call when the head is released
 * @data: argument for @action
 * @name: what debug output calls the action
 * @gfp: allocation flags for the node
 *
 * The worker behind objres_add_action(), which passes the name of @action
 * and GFP_KERNEL.
 *
 * Context: As @gfp allows.
 * Return: 0, -ENOMEM, or -ENODEV when @head is already released.
 */
int __objres_add_action(struct objres_head *head, void (*action)(void *),
			void *data, const char *name, gfp_t gfp)
{
	struct objres_action *act;
	struct objres_node *node;
	int ret;

	node = objres_node_alloc(sizeof(*act), objres_action_release, name, gfp);
	if (!node)
		return -ENOMEM;

	act = container_of(node, struct objres_action, node);
	act->action = action;
	act->data = data;

	ret = objres_add(head, node);
	if (ret)
		objres_node_free(node);
	return ret;
}
EXPORT_SYMBOL_GPL(__objres_add_action);

/**
 * __objres_add_action_or_reset() - add a release action, or run it on failure
 * @head: the head
 * @action: function to call when the head is released
 * @data: argument for @action
 * @name: what debug output calls the action
 * @gfp: allocation flags for the node
 *
 * The worker behind objres_add_action_or_reset().
 *
 * Context: As @gfp allows.
 * Return: 0, or the error of __objres_add_action() after @action ran.
 */
int __objres_add_action_or_reset(struct objres_head *head,
				 void (*action)(void *), void *data,
				 const char *name, gfp_t gfp)
{
	int ret;

	ret = __objres_add_action(head, action, data, name, gfp);
	if (ret)
		action(data);
	return ret;
}
EXPORT_SYMBOL_GPL(__objres_add_action_or_reset);

struct objres_action_key {
	void (*action)(void *data);
	void *data;
};

/* Exact match: a NULL @data is a value, never a wildcard. */
static bool objres_action_match(struct objres_node *node, void *match_data)
{
	struct objres_action *act = container_of(node, struct objres_action,
						 node);
	struct objres_action_key *key = match_data;

	return act->action == key->action && act->data == key->data;
}

/**
 * objres_remove_action_nowarn() - remove a release action without running it
 * @head: the head
 * @action: the action's function
 * @data: the action's argument
 *
 * Removes the newest action added with exactly this @action and @data.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 * Return: 0, or -ENOENT if there is no such action.
 */
int objres_remove_action_nowarn(struct objres_head *head,
				void (*action)(void *), void *data)
{
	struct objres_action_key key = { .action = action, .data = data };

	return objres_remove_match(head, objres_action_release,
				   objres_action_match, &key);
}
EXPORT_SYMBOL_GPL(objres_remove_action_nowarn);

/**
 * objres_remove_action() - remove a release action without running it
 * @head: the head
 * @action: the action's function
 * @data: the action's argument
 *
 * As objres_remove_action_nowarn(), but a missing action is a bug: it warns.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 */
void objres_remove_action(struct objres_head *head, void (*action)(void *),
			  void *data)
{
	WARN_ON_ONCE(objres_remove_action_nowarn(head, action, data));
}
EXPORT_SYMBOL_GPL(objres_remove_action);

/**
 * objres_release_action_nowarn() - remove a release action and run it now
 * @head: the head
 * @action: the action's function
 * @data: the action's argument
 *
 * Runs and removes the newest action added with exactly this @action and
 * @data; it does not run again when @head is released.
 *
 * Context: Any context in which @action may run and a spinlock_t
 * may be taken.
 * Return: 0, or -ENOENT if there is no such action.
 */
int objres_release_action_nowarn(struct objres_head *head,
				 void (*action)(void *), void *data)
{
	struct objres_action_key key = { .action = action, .data = data };

	return objres_release_match(head, objres_action_release,
				    objres_action_match, &key);
}
EXPORT_SYMBOL_GPL(objres_release_action_nowarn);

/**
 * objres_release_action() - remove a release action and run it now
 * @head: the head
 * @action: the action's function
 * @data: the action's argument
 *
 * As objres_release_action_nowarn(), but a missing action is a bug: it warns.
 *
 * Context: Any context in which @action may run and a spinlock_t
 * may be taken.
 */
void objres_release_action(struct objres_head *head, void (*action)(void *),
			   void *data)
{
	WARN_ON_ONCE(objres_release_action_nowarn(head, action, data));
}
EXPORT_SYMBOL_GPL(objres_release_action);

/*
 * Inlined into each exported allocator. @caller is charged for the slab
 * object (slab debugging, kmemleak), as kmalloc_track_caller() would.
 */
static __always_inline void *objres_alloc(struct objres_head *head,
					  size_t size, gfp_t gfp, int node,
					  unsigned long caller)
{
	struct objres_mem *mem;
	unsigned long kind;
	size_t total;

	might_alloc(gfp);

	/* As devm_kmalloc(): a zero-sized request gets ZERO_SIZE_PTR. */
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	kind = objres_mem_kind(head, size);
	if (unlikely(check_add_overflow(objres_mem_offset(kind), size, &total)))
		return NULL;

	/*
	 * The payload is aligned to its class within the object, and the object
	 * to the largest power of two dividing @total (kmalloc()'s rule), which
	 * the class divides unless it was raised for DMA: see dma_safe.
	 */
	mem = alloc_hooks(kmalloc_node_track_caller_noprof(total, gfp, node,
							   caller));
	if (unlikely(!mem))
		return NULL;

	objres_mem_tag(mem, head, kind);
#ifdef CONFIG_OBJRES_DEBUG
	mem->size = size;
#endif
	if (unlikely(!objres_link_add(head, &mem->link))) {
		/* Never linked: no stale owner word may outlive it. */
		mem->link.owner = kind;
		kfree(mem);
		return NULL;
	}

	objres_event(head, objres_op_add, objres_mem_name, size, NULL);
	return objres_mem_data(mem);
}

/*
 * Find the managed allocation that @p points to, if @head owns one there.
 *
 * @p may be anything a caller passes, so the words read here are read
 * without KASAN checks: they are someone else's memory (or freed memory)
 * unless the comparisons succeed. The word before @p names the owner and
 * the payload's class, hence where the header is; the header's own owner
 * word must agree. virt_addr_valid() keeps the reads in the linear map; a
 * page unmapped there (DEBUG_PAGEALLOC, a KFENCE guard page) can still
 * fault: such a misuse is then reported as an oops, not a warning. Only a
 * linked allocation of @head carries @head in its header, and unlinking
 * clears it under the lock we hold.
 */
static struct objres_mem *objres_mem_lookup(struct objres_head *head,
					    const void *p)
{
	unsigned long addr = (unsigned long)kasan_reset_tag(p);
	unsigned long owner, kind;
	struct objres_mem *mem;

	lockdep_assert_held(&head->lock);

	if (!IS_ALIGNED(addr, OBJRES_MIN_ALIGN) || addr < sizeof(*mem) ||
	    !virt_addr_valid((void *)(addr - sizeof(owner))))
		return NULL;
	owner = READ_ONCE_NOCHECK(*(unsigned long *)(addr - sizeof(owner)));
	kind = owner & OBJRES_KIND_MASK;
	if ((owner & ~OBJRES_KIND_MASK) != (unsigned long)head ||
	    !objres_kind_is_mem(kind) || addr < objres_mem_offset(kind))
		return NULL;

	mem = (struct objres_mem *)(addr - objres_mem_offset(kind));
	if (!virt_addr_valid(&mem->link.owner) ||
	    READ_ONCE_NOCHECK(mem->link.owner) != owner)
		return NULL;

	return mem;
}

/**
 * __objres_kmalloc_node() - managed kmalloc_node(), for typed wrappers
 * @head: the head that owns the memory
 * @size: bytes to allocate
 * @gfp: allocation flags
 * @node: NUMA node to allocate from, or NUMA_NO_NODE
 * @caller: the address slab debugging charges the allocation to, usually
 *	the _RET_IP_ of the wrapper
 *
 * As objres_kmalloc(), for wrappers that allocate on their device's node
 * and keep the allocation charged to their own caller.
 *
 * Context: As @gfp allows.
 * Return: the memory, or NULL on failure or when @head is already released.
 */
void *__objres_kmalloc_node(struct objres_head *head, size_t size, gfp_t gfp,
			    int node, unsigned long caller)
{
	return objres_alloc(head, size, gfp, node, caller);
}
EXPORT_SYMBOL_GPL(__objres_kmalloc_node);

/**
 * objres_kmalloc() - managed kmalloc()
 * @head: the head that owns the memory
 * @size: bytes to allocate
 * @gfp: allocation flags
 *
 * The memory is freed when @head is released, or earlier by objres_kfree().
 * It is aligned as kmalloc() aligns memory of @size bytes, to the largest
 * power of two dividing @size, from ARCH_KMALLOC_MINALIGN up to a cache line
 * (SMP_CACHE_BYTES, at most 16 times ARCH_KMALLOC_MINALIGN), so that a
 * structure with ____cacheline_aligned members is aligned. objres' header
 * shares the payload's first cache line unless the head's owner is
 * &objres_owner.dma_safe: only then may the memory be mapped for DMA on a
 * bus that is not cache coherent. As with devm_kmalloc(), a @size of 0
 * returns ZERO_SIZE_PTR.
 *
 * Context: As @gfp allows.
 * Return: the memory, or NULL on failure or when @head is already released.
 */
void *objres_kmalloc(struct objres_head *head, size_t size, gfp_t gfp)
{
	return objres_alloc(head, size, gfp, NUMA_NO_NODE, _RET_IP_);
}
EXPORT_SYMBOL_GPL(objres_kmalloc);

/**
 * objres_kfree() - free managed memory early
 * @head: the head that owns the memory
 * @p: memory from one of @head's allocators; NULL, ZERO_SIZE_PTR and
 *	read-only strings from objres_kstrdup_const() are ignored
 *
 * Finds the allocation from @p in constant time. Memory that @head does not
 * own, including memory already freed, is a bug: it warns and nothing
 * changes.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 */
void objres_kfree(struct objres_head *head, const void *p)
{
	struct objres_mem *mem = NULL;
	unsigned long flags;

	if (unlikely(ZERO_OR_NULL_PTR(p) || is_kernel_rodata((unsigned long)p)))
		return;

	if (objres_lock(head, &flags))
		mem = objres_mem_lookup(head, p);
	if (mem)
		objres_link_del_locked(head, &mem->link);
	objres_unlock(head, flags);

	if (WARN_ON_ONCE(!mem))
		return;
	objres_mem_event(head, mem);
	kfree(mem);
}
EXPORT_SYMBOL_GPL(objres_kfree);

/* The allocation @p is, and its payload size, under the lock. */
static struct objres_mem *objres_mem_lookup_size(struct objres_head *head,
						 const void *p, size_t *size)
{
	struct objres_mem *mem = NULL;
	unsigned long flags;

	if (objres_lock(head, &flags))
		mem = objres_mem_lookup(head, p);
	if (mem)
		*size = objres_mem_size(mem);
	objres_unlock(head, flags);
	return mem;
}

/**
 * objres_krealloc() - managed krealloc()
 * @head: the head that owns the memory
 * @p: memory from one of @head's allocators, or NULL
 * @new_size: the new size; 0 frees @p
 * @gfp: allocation flags
 *
 * The contents up to the smaller of the two sizes are kept, and the new
 * memory takes the place of @p in the release order. On failure @p is left
 * untouched. Memory that @head does not own is a bug: it warns and returns
 * NULL. As with krealloc(), @p must not be freed or resized concurrently.
 *
 * Context: As @gfp allows.
 * Return: the new memory, ZERO_SIZE_PTR when @new_size is 0, or NULL.
 */
void *objres_krealloc(struct objres_head *head, void *p, size_t new_size,
		      gfp_t gfp)
{
	return __objres_krealloc_node(head, p, new_size, gfp, NUMA_NO_NODE,
				      _RET_IP_);
}
EXPORT_SYMBOL_GPL(objres_krealloc);

/**
 * __objres_krealloc_node() - managed krealloc() on a NUMA node, for wrappers
 * @head: the head that owns the memory
 * @p: memory from one of @head's allocators, or NULL
 * @new_size: the new size; 0 frees @p
 * @gfp: allocation flags
 * @nid: NUMA node to allocate from, or NUMA_NO_NODE
 * @caller: the address slab debugging charges the allocation to
 *
 * Context: As @gfp allows.
 * Return: as objres_krealloc().
 */
void *__objres_krealloc_node(struct objres_head *head, void *p,
			     size_t new_size, gfp_t gfp, int nid,
			     unsigned long caller)
{
	struct objres_mem *old, *new;
	unsigned long flags, kind;
	size_t total, old_size;
	bool replaced = false;

	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return objres_alloc(head, new_size, gfp, nid, caller);

	if (unlikely(!new_size)) {
		objres_kfree(head, p);
		return ZERO_SIZE_PTR;
	}

	/* A string from objres_kstrdup_const() cannot be resized. */
	if (WARN_ON_ONCE(is_kernel_rodata((unsigned long)p)))
		return NULL;

	kind = objres_mem_kind(head, new_size);
	if (unlikely(check_add_overflow(objres_mem_offset(kind), new_size,
					&total)))
		return NULL;

	old = objres_mem_lookup_size(head, p, &old_size);
	if (WARN_ON_ONCE(!old))
		return NULL;

	new = alloc_hooks(kmalloc_node_track_caller_noprof(total, gfp, nid,
							   caller));
	if (unlikely(!new))
		return NULL;
	new->link.owner = kind;

	/*
	 * Copied without the lock. Without CONFIG_OBJRES_DEBUG the old size is
	 * that of the slab object, past what was asked for: copy it as
	 * krealloc() does, with KASAN checks off for the slack.
	 */
	kasan_disable_current();
	memcpy(objres_mem_data(new), p, min(old_size, new_size));
	kasan_enable_current();

	if (objres_lock(head, &flags) && objres_mem_lookup(head, p) == old) {
		objres_mem_tag(new, head, kind);
#ifdef CONFIG_OBJRES_DEBUG
		new->size = new_size;
#endif
		list_replace_init(&old->link.entry, &new->link.entry);
		old->link.owner = objres_link_kind(&old->link);
		replaced = true;
	}
	objres_unlock(head, flags);

	/* @p was freed or resized meanwhile: the caller's race, not ours. */
	if (WARN_ON_ONCE(!replaced)) {
		kfree(new);
		return NULL;
	}

	kfree(old);
	return objres_mem_data(new);
}
EXPORT_SYMBOL_GPL(__objres_krealloc_node);

/**
 * objres_kmemdup() - managed kmemdup()
 * @head: the head that owns the copy
 * @src: memory to copy
 * @len: bytes to copy
 * @gfp: allocation flags
 *
 * Context: As @gfp allows.
 * Return: the copy, freed when @head is released, or NULL.
 */
void *objres_kmemdup(struct objres_head *head, const void *src, size_t len,
		     gfp_t gfp)
{
	void *p;

	p = objres_alloc(head, len, gfp, NUMA_NO_NODE, _RET_IP_);
	if (!ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL_GPL(objres_kmemdup);

/**
 * objres_kstrdup() - managed kstrdup()
 * @head: the head that owns the copy
 * @s: the string to copy, or NULL
 * @gfp: allocation flags
 *
 * Context: As @gfp allows.
 * Return: the copy, freed when @head is released, or NULL (also for a NULL
 * @s).
 */
char *objres_kstrdup(struct objres_head *head, const char *s, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;

	len = strlen(s) + 1;
	p = objres_alloc(head, len, gfp, NUMA_NO_NODE, _RET_IP_);
	if (p)
		memcpy(p, s, len);
	return p;
}
EXPORT_SYMBOL_GPL(objres_kstrdup);

/**
 * objres_kstrdup_const() - managed kstrdup_const()
 * @head: the head that owns the copy
 * @s: the string to copy, or NULL
 * @gfp: allocation flags
 *
 * A string in the kernel's read-only data is returned as it is; passing it
 * to objres_kfree() is allowed and does nothing.
 *
 * Context: As @gfp allows.
 * Return: @s itself, a managed copy of it, or NULL.
 */
const char *objres_kstrdup_const(struct objres_head *head, const char *s,
				 gfp_t gfp)
{
	if (is_kernel_rodata((unsigned long)s))
		return s;
	return objres_kstrdup(head, s, gfp);
}
EXPORT_SYMBOL_GPL(objres_kstrdup_const);

/**
 * objres_kvasprintf() - managed kvasprintf()
 * @head: the head that owns the string
 * @gfp: allocation flags
 * @fmt: printf() format
 * @ap: arguments for @fmt
 *
 * Context: As @gfp allows.
 * Return: the formatted string, freed when @head is released, or NULL.
 */
char *objres_kvasprintf(struct objres_head *head, gfp_t gfp, const char *fmt,
			va_list ap)
{
	return __objres_kvasprintf_node(head, gfp, NUMA_NO_NODE, _RET_IP_, fmt,
					ap);
}
EXPORT_SYMBOL_GPL(objres_kvasprintf);

/**
 * __objres_kvasprintf_node() - objres_kvasprintf() on a NUMA node
 * @head: the head that owns the string
 * @gfp: allocation flags
 * @nid: NUMA node to allocate from, or NUMA_NO_NODE
 * @caller: the address slab debugging charges the allocation to
 * @fmt: printf() format
 * @ap: arguments for @fmt
 *
 * Context: As @gfp allows.
 * Return: the formatted string, freed when @head is released, or NULL.
 */
char *__objres_kvasprintf_node(struct objres_head *head, gfp_t gfp, int nid,
			       unsigned long caller, const char *fmt,
			       va_list ap)
{
	va_list aq;
	size_t len;
	char *p;

	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq) + 1;
	va_end(aq);

	p = objres_alloc(head, len, gfp, nid, caller);
	if (p)
		vsnprintf(p, len, fmt, ap);
	return p;
}
EXPORT_SYMBOL_GPL(__objres_kvasprintf_node);

/**
 * objres_kasprintf() - managed kasprintf()
 * @head: the head that owns the string
 * @gfp: allocation flags
 * @fmt: printf() format
 * @...: arguments for @fmt
 *
 * Context: As @gfp allows.
 * Return: the formatted string, freed when @head is released, or NULL.
 */
char *objres_kasprintf(struct objres_head *head, gfp_t gfp, const char *fmt,
		       ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = objres_kvasprintf(head, gfp, fmt, ap);
	va_end(ap);
	return p;
}
EXPORT_SYMBOL_GPL(objres_kasprintf);

static void objres_group_close_release(struct objres_head *head,
				       struct objres_node *node)
{
	/* The group is freed with its open marker, which is always older. */
}

static void objres_group_open_release(struct objres_head *head,
				      struct objres_node *node)
{
	struct objres_group *grp = container_of(node, struct objres_group,
						open);
	unsigned long flags;

	/*
	 * Releasing a range that holds only this group's open marker (groups
	 * that overlap without nesting) leaves the close marker behind.
	 */
	if (objres_lock(head, &flags) &&
	    objres_link_owned(&grp->close.link, head))
		objres_link_del_locked(head, &grp->close.link);
	objres_unlock(head, flags);

	kfree(grp);
}

static bool objres_group_closed(struct objres_head *head,
				struct objres_group *grp)
{
	return objres_link_owned(&grp->close.link, head);
}

/* The newest group with @id, or the newest open group if @id is NULL. */
static struct objres_group *objres_group_find(struct objres_head *head,
					      void *id)
{
	struct objres_group *grp;
	struct objres_link *link;
	struct objres_node *node;

	lockdep_assert_held(&head->lock);

	list_for_each_entry(link, &head->nodes, entry) {
		if (objres_link_kind(link) != OBJRES_KIND_MARKER)
			continue;
		node = container_of(link, struct objres_node, link);
		if (node->release != objres_group_open_release)
			continue;
		grp = container_of(node, struct objres_group, open);
		if (id ? grp->id == id : !objres_group_closed(head, grp))
			return grp;
	}
	return NULL;
}

/**
 * objres_open_group() - open a group of resources
 * @head: the head
 * @id: identifier of the group, or NULL to use the returned cookie
 * @gfp: allocation flags
 *
 * Resources added from now on, until objres_close_group(), belong to the
 * group and can be released together with objres_release_group(), newest
 * first. Groups nest when one opened inside another is closed first.
 *
 * Context: As @gfp allows.
 * Return: the group's identifier, or NULL on failure.
 */
void *objres_open_group(struct objres_head *head, void *id, gfp_t gfp)
{
	struct objres_group *grp;

	grp = kmalloc(sizeof(*grp), gfp);
	if (!grp)
		return NULL;

	objres_node_init(&grp->open, objres_group_open_release, "group open");
	grp->open.link.owner = OBJRES_KIND_MARKER;
	objres_node_init(&grp->close, objres_group_close_release,
			 "group close");
	grp->close.link.owner = OBJRES_KIND_MARKER;
	/* Once published, the group may be released by anyone: read it first. */
	id = id ?: grp;
	grp->id = id;
	grp->color = 0;

	if (!objres_link_add(head, &grp->open.link)) {
		kfree(grp);
		return NULL;
	}
	return id;
}
EXPORT_SYMBOL_GPL(objres_open_group);

/**
 * objres_close_group() - close a group of resources
 * @head: the head
 * @id: identifier of the group, or NULL for the newest open group
 *
 * Resources added afterwards no longer belong to the group. Closing a
 * group while one opened after it is still open makes the two overlap, as
 * devres allows: see objres_release_group(). Closing a group that does not
 * exist or is closed warns and does nothing.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 */
void objres_close_group(struct objres_head *head, void *id)
{
	struct objres_group *grp;
	unsigned long flags;
	bool done = false;

	grp = objres_lock(head, &flags) ? objres_group_find(head, id) : NULL;
	if (grp && !objres_group_closed(head, grp)) {
		objres_link_add_locked(head, &grp->close.link);
		done = true;
	}
	objres_unlock(head, flags);

	WARN_ON_ONCE(!done);
}
EXPORT_SYMBOL_GPL(objres_close_group);

/**
 * objres_remove_group() - dissolve a group, keeping its resources
 * @head: the head
 * @id: identifier of the group, or NULL for the newest open group
 *
 * The group's resources stay on @head, released with the rest. A group that
 * does not exist warns.
 *
 * Context: Any context but NMI; with PREEMPT_RT, where a spinlock_t may be
 * taken.
 */
void objres_remove_group(struct objres_head *head, void *id)
{
	struct objres_group *grp;
	unsigned long flags;

	grp = objres_lock(head, &flags) ? objres_group_find(head, id) : NULL;
	if (grp) {
		if (objres_group_closed(head, grp))
			objres_link_del_locked(head, &grp->close.link);
		objres_link_del_locked(head, &grp->open.link);
	}
	objres_unlock(head, flags);

	if (WARN_ON_ONCE(!grp))
		return;
	kfree(grp);
}
EXPORT_SYMBOL_GPL(objres_remove_group);

static struct objres_group *objres_marker_group(struct objres_link *link)
{
	struct objres_node *node = container_of(link, struct objres_node, link);

	if (node->release == objres_group_open_release)
		return container_of(node, struct objres_group, open);
	return container_of(node, struct objres_group, close);
}

/*
 * Take the range @todo of a group off @head, in two passes under the lock.
 * Groups that overlap without nesting: a closed group with only one of its
 * markers in the range is not released with it, as with 6.12's devres. Its
 * marker goes back to the list, at @gap, where the range was, in the order
 * it had; an open group in the range goes with it. Everything else is
 * marked taken. Returns the number of resources taken.
 */
static int objres_group_take(struct objres_head *head, struct list_head *todo,
			     struct list_head *gap)
{
	struct objres_link *link, *next;
	struct objres_group *grp;
	int count = 0;
	bool keep;

	list_for_each_entry(link, todo, entry)
		if (objres_link_kind(link) == OBJRES_KIND_MARKER)
			objres_marker_group(link)->color++;
	list_for_each_entry_safe(link, next, todo, entry) {
		if (objres_link_kind(link) == OBJRES_KIND_MARKER) {
			grp = objres_marker_group(link);
			keep = grp->color == 1 && objres_group_closed(head, grp);
			grp->color = 0;
			if (keep) {
				list_move(&link->entry, gap);
				gap = &link->entry;
				continue;
			}
		} else if (objres_link_counted(link)) {
			count++;
			head->count--;
		}
		objres_link_take(link);
	}
	return count;
}

/**
 * objres_release_group() - release a group of resources now
 * @head: the head
 * @id: identifier of the group, or NULL for the newest open group
 *
 * Releases the resources of the group, newest first, including those of
 * groups nested in it, and then the group itself. Resources added outside
 * the group are not touched. A closed group that overlaps this one without
 * nesting in it keeps its resources outside this group's range, and lives
 * on; its resources inside the range go. The group's resources are no
 * longer @head's while they are released: a release function that frees
 * one of them early gets a warning.
 *
 * Context: Any context in which the release functions may run and a spinlock_t
 * may be taken.
 * Return: the number of resources released, -ENOENT (with a warning) if
 * there is no such group, or -EBUSY (with a warning) while another task
 * releases @head; 0 for a release function of a release or reset of @head
 * that has taken the group already.
 */
int objres_release_group(struct objres_head *head, void *id)
{
	struct objres_group *grp;
	struct list_head *start;
	unsigned long flags;
	struct objres_sweep sweep __uninitialized;
	LIST_HEAD(todo);
	int count = 0;

	if (!objres_lock(head, &flags)) {
		objres_unlock(head, flags);
		return -EBUSY;
	}
	grp = objres_group_find(head, id);
	if (!grp) {
		/*
		 * A release function may release a group that the release it
		 * runs in has taken already, as with 6.12's devres: not a bug.
		 */
		count = READ_ONCE(head->releaser) == current &&
			head->releaser_ctx == interrupt_context_level() ?
			0 : -ENOENT;
		objres_unlock(head, flags);
		WARN_ON_ONCE(count);
		return count;
	}

	/*
	 * The group's resources sit between its close marker (or the newest
	 * end of the list, while open) and its open marker: cut them out in
	 * one go.
	 */
	start = objres_group_closed(head, grp) ? &grp->close.link.entry :
						  &head->nodes;
	list_cut_before(&todo, start, &grp->open.link.entry);
	/*
	 * Released without the lock: as with 6.12's devres, a release function
	 * cannot free another resource of the range early, which is no longer
	 * @head's.
	 */
	count = objres_group_take(head, &todo, start == &head->nodes ?
				  start : start->prev);
	if (objres_group_closed(head, grp))
		objres_link_del_locked(head, &grp->close.link);
	objres_link_del_locked(head, &grp->open.link);
	objres_unlock(head, flags);

	objres_sweep_start(head, &sweep);
	objres_release_taken_list(head, &todo, &sweep);
	objres_sweep_flush(&sweep);

	kfree(grp);
	return count;
}
EXPORT_SYMBOL_GPL(objres_release_group);
