// SPDX-License-Identifier: GPL-2.0-only
/// Find devm_ allocations of structures that userspace can still reach after
/// the driver unbinds.
///
/// devm_kzalloc() and friends free their memory when the driver unbinds.
/// The object behind a device node (a struct video_device, v4l2_device,
/// v4l2_subdev, media_device, drm_device, cdev or miscdevice), and any
/// structure embedding one by value, lives as long as userspace holds that
/// node open, which can be long after unbind: freeing it at unbind is a
/// use-after-free as soon as an open file reaches it. DRM also forbids devm_ memory for a structure
/// embedding a drm_connector, drm_encoder, drm_crtc, drm_plane or drm_bridge:
/// those objects live until the drm_device is released. Allocate the
/// structure with the allocator of its uapi object (devm_drm_dev_alloc(),
/// v4l2m_device_alloc()), or with drmm_ or v4l2m_ functions, or free it from
/// the release callback of the object's refcount.
///
/// Structures are matched by name, through nested structures embedded by
/// value; a structure defined in a .c file is known only in that file.
///
// Confidence: Moderate
// Copyright: (C) 2026 objres developers.
// Comments: Findings are printed once every file has been seen, with the
//  structure and the path to the embedded object. A structure whose node is
//  never registered, or whose file operations never reach it after unbind,
//  is a false positive; see Documentation/driver-api/objres.rst.
// Options: --include-headers --no-includes

virtual report
virtual org

@initialize:python@
@@
import re

UAPI = ['video_device', 'v4l2_device', 'v4l2_subdev', 'media_device',
	'drm_device', 'cdev', 'miscdevice']
KMS = ['drm_connector', 'drm_encoder', 'drm_crtc', 'drm_plane', 'drm_bridge']
TARGETS = dict(('struct ' + t, t) for t in UAPI + KMS)

# Gathered per file and merged across --jobs workers: (file, key, member
# type) for every member of every structure, (file, typedef, structure) for
# typedefs of named structures, and (file, line, column, end column,
# allocator, type) for every devm_ allocation of a type by value.
coccinelle.members = []
coccinelle.aliases = []
coccinelle.allocs = []

def devm_uapi_type(t):
	"""The name of a type held by value, or None for a pointer."""
	t = re.sub(r'\[[^]]*\]', '', t)
	t = re.sub(r'\b(const|volatile)\b', '', t)
	t = ' '.join(t.split())
	if '*' in t or '(' in t:
		return None
	return t

def devm_uapi_alloc(p, fn, t):
	t = devm_uapi_type(t)
	if t:
		coccinelle.allocs.append((p[0].file, p[0].line, p[0].column,
					  p[0].column_end, fn, t))

def devm_uapi_scoped(lists):
	"""A definition in a header is seen by every file, one in a .c file
	only by that file, which may reuse a common name ("struct priv")."""
	local, shared = {}, {}
	for l in lists:
		for (f, key, val) in l:
			where = shared if f.endswith('.h') else \
				local.setdefault(f, {})
			where.setdefault(key, set()).add(val)
	return local, shared

def devm_uapi_advice(objs):
	"""What to use instead, for the first object that says most."""
	if 'drm_device' in objs:
		return 'allocate it with devm_drm_dev_alloc()'
	if set(objs) & set(KMS) - {'drm_bridge'}:
		return 'allocate it with drmm_kzalloc() or the drmm_ ' \
		       'allocator of the modeset object'
	if 'drm_bridge' in objs:
		return 'a drm_bridge must live until the drm_device using it ' \
		       'is released, not until unbind'
	if set(objs) & {'video_device', 'v4l2_device', 'media_device'}:
		return 'allocate it with v4l2m_device_alloc() or v4l2m_kzalloc()'
	if 'v4l2_subdev' in objs:
		return 'kzalloc() it and kfree() it from the release() of ' \
		       'the subdev internal_ops'
	if 'cdev' in objs:
		return 'kzalloc() it and kfree() it from the release() of ' \
		       'the struct device given to cdev_device_add()'
	return 'kzalloc() it and kfree() it when the last open file ' \
	       'is released'

def devm_uapi_findings(members, aliases, allocs):
	"""[(file, line, column, end column, message)], sorted."""
	mem_local, mem_shared = devm_uapi_scoped(members)
	ali_local, ali_shared = devm_uapi_scoped(aliases)

	def lookup(local, shared, f, key):
		return local.get(f, {}).get(key) or shared.get(key, set())

	def embeds(f, t, seen):
		"""{embedded object: member path} of type t, seen from f."""
		if t in seen:
			return {}
		seen = seen | {t}
		found = {}
		for a in sorted(lookup(ali_local, ali_shared, f, t)):
			for k, v in embeds(f, a, seen).items():
				found.setdefault(k, v)
		for (m, field) in sorted(lookup(mem_local, mem_shared, f, t)):
			if m in TARGETS:
				found.setdefault(TARGETS[m], field)
				continue
			for k, v in embeds(f, m, seen).items():
				found.setdefault(k, field + '.' + v)
		return found

	sites = {}
	for l in allocs:
		for (f, line, col, end, fn, t) in l:
			if t in TARGETS:
				objs = {TARGETS[t]: None}
			else:
				objs = embeds(f, t, frozenset())
			key = (f, int(line), int(col))
			if objs and key not in sites:
				sites[key] = (f, line, col, end, fn, t, objs)

	out = []
	for key in sorted(sites):
		(f, line, col, end, fn, t, objs) = sites[key]
		names = sorted(objs, key=lambda o: (UAPI + KMS).index(o))
		if objs[names[0]] is None:
			what = ''
		else:
			what = ', which embeds ' + ', '.join(
				'struct %s (.%s)' % (o, objs[o]) for o in names)
		msg = '%s() of %s%s: userspace can reach it after unbind; ' \
		      '%s' % (fn, t, what, devm_uapi_advice(objs))
		out.append((f, line, col, end, msg))
	return out

@member@
identifier S, f;
type E;
@@

struct S { ... E f; ... };

@script:python@
S << member.S;
E << member.E;
f << member.f;
@@

t = devm_uapi_type(E)
if t:
	coccinelle.members.append((cocci.files()[0], 'struct ' + S,
				   (t, f + '[]' if '[' in E else f)))

@typedef_anon@
type N, E;
identifier f;
@@

typedef struct { ... E f; ... } N;

@script:python@
N << typedef_anon.N;
E << typedef_anon.E;
f << typedef_anon.f;
@@

t = devm_uapi_type(E)
if t:
	coccinelle.members.append((cocci.files()[0], N,
				   (t, f + '[]' if '[' in E else f)))

@typedef_named@
identifier S;
type N;
@@

(
typedef struct S { ... } N;
|
typedef struct S N;
)

@script:python@
S << typedef_named.S;
N << typedef_named.N;
@@

coccinelle.aliases.append((cocci.files()[0], N, 'struct ' + S))

// snd_devm_card_new() frees the card and its private data at unbind too,
// once the sound files are closed; a node of another kind is not waited for.
@by_size@
identifier fn = {devm_kmalloc, devm_kzalloc, devm_kcalloc,
		 devm_kmalloc_array, devm_krealloc, devm_krealloc_array,
		 devm_kmemdup, devm_kmemdup_array, snd_devm_card_new};
type T;
position p;
@@

fn@p(..., <+... sizeof(T) ...+>, ...)

@script:python@
fn << by_size.fn;
T << by_size.T;
p << by_size.p;
@@

devm_uapi_alloc(p, fn, T)

@by_struct_size@
identifier fn = {devm_kmalloc, devm_kzalloc, devm_krealloc};
type T;
T *e;
position p;
@@

fn@p(..., <+... struct_size(e, ...) ...+>, ...)

@script:python@
fn << by_struct_size.fn;
T << by_struct_size.T;
p << by_struct_size.p;
@@

devm_uapi_alloc(p, fn, T)

@by_lhs@
identifier fn = {devm_kmalloc, devm_kzalloc, devm_kcalloc,
		 devm_kmalloc_array, devm_krealloc, devm_krealloc_array,
		 devm_kmemdup, devm_kmemdup_array};
type T;
T *e;
position p;
@@

e = fn@p(...)

@script:python@
fn << by_lhs.fn;
T << by_lhs.T;
p << by_lhs.p;
@@

devm_uapi_alloc(p, fn, T)

@finalize:python depends on report@
members << merge.members;
aliases << merge.aliases;
allocs << merge.allocs;
@@

for (f, line, col, end, msg) in devm_uapi_findings(members, aliases, allocs):
	print('%s:%s:%s-%s: WARNING: %s' % (f, line, col, end, msg))

@finalize:python depends on org@
members << merge.members;
aliases << merge.aliases;
allocs << merge.allocs;
@@

for (f, line, col, end, msg) in devm_uapi_findings(members, aliases, allocs):
	print('* TODO [[view:%s::face=ovl-face1::linb=%s::colb=%s::cole=%s][%s]]'
	      % (f, line, col, end, msg))
