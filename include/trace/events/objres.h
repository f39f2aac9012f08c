/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM objres

#if !defined(_TRACE_OBJRES_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_OBJRES_H

#include <linux/objres.h>
#include <linux/tracepoint.h>

DECLARE_EVENT_CLASS(objres_node_event,
		    TP_PROTO(const struct objres_head *objres, const char *name,
			     size_t size),
		    TP_ARGS(objres, name, size),
		    TP_STRUCT__entry(__field(const void *, head)
				     __string(owner, objres->owner ?
						     objres->owner->name :
						     "objres")
				     __string(name, name)
				     __field(size_t, size)),
		    TP_fast_assign(__entry->head = objres;
				   __assign_str(owner);
				   __assign_str(name);
				   __entry->size = size;),
		    /* %p is hashed: heads are told apart, addresses hidden. */
		    TP_printk("%s head=%p %s size=%zu", __get_str(owner),
			      __entry->head, __get_str(name), __entry->size)
);

/*
 * objres_add: a node or a managed allocation was added to a head; @name is
 * "kmalloc" for memory, @size the payload in bytes (0 for actions).
 */
DEFINE_EVENT(objres_node_event, objres_add,
	     TP_PROTO(const struct objres_head *objres, const char *name,
		      size_t size),
	     TP_ARGS(objres, name, size)
);

/*
 * objres_release: a node is released or a managed allocation freed, early
 * or by objres_release_all(); @name is "final kfree" for the container.
 */
DEFINE_EVENT(objres_node_event, objres_release,
	     TP_PROTO(const struct objres_head *objres, const char *name,
		      size_t size),
	     TP_ARGS(objres, name, size)
);

#endif /* _TRACE_OBJRES_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
