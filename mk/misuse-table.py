#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise the report of scripts/coccinelle/api/devm_uapi_state.cocci.

Prints one line per finding (file:line, allocator, structure, what it
embeds), a table of the sites by directory and embedded type, and closes
with "misuse: N sites in M files". A site that embeds several objects
counts once in each of their columns; "sd only" counts the sites whose
only embedded object is a v4l2_subdev.
"""

import re
import sys

LINE = re.compile(r'^([^:]+):(\d+):\d+-\d+: WARNING: (\S+)\(\) of (.+?)'
                  r'(?:, which embeds (.+?))?: userspace')
OBJ = re.compile(r'struct (\w+) \(\.([^)]*)\)')
TYPES = ['video_device', 'v4l2_device', 'v4l2_subdev', 'media_device',
         'drm_device', 'cdev', 'miscdevice', 'drm_connector', 'drm_encoder',
         'drm_crtc', 'drm_plane', 'drm_bridge']
SHORT = {'video_device': 'vdev', 'v4l2_device': 'v4l2', 'v4l2_subdev': 'sd',
         'media_device': 'mdev', 'drm_device': 'drm', 'cdev': 'cdev',
         'miscdevice': 'misc', 'drm_connector': 'conn',
         'drm_encoder': 'enc', 'drm_crtc': 'crtc', 'drm_plane': 'plane',
         'drm_bridge': 'bridge'}


def area(path):
    parts = path.split('/')
    if parts[0] != 'drivers':
        return parts[0]
    if parts[1] == 'staging' and len(parts) > 3:
        return '/'.join(parts[:3])
    return '/'.join(parts[:2])


def main(path):
    sites = []
    with open(path, errors='replace') as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            if m.group(5) is None:
                objs = {m.group(4)[len('struct '):]: ''}
            else:
                objs = dict(OBJ.findall(m.group(5)))
            sites.append((m.group(1), int(m.group(2)), m.group(3),
                          m.group(4), objs))
    sites.sort()
    for (f, line, fn, t, objs) in sites:
        what = ', '.join('%s (.%s)' % (o, objs[o])
                         for o in TYPES if objs.get(o))
        print(f'{f}:{line}: {fn}() of {t}' + (f' embeds {what}' if what
                                               else ''))

    rows = {}
    for (f, line, fn, t, objs) in sites:
        r = rows.setdefault(area(f), {'sites': 0, 'files': set(),
                                      'sd only': 0})
        r['sites'] += 1
        r['files'].add(f)
        if set(objs) == {'v4l2_subdev'}:
            r['sd only'] += 1
        for o in objs:
            r[o] = r.get(o, 0) + 1
    cols = [o for o in TYPES if any(o in r for r in rows.values())]
    head = ['directory', 'sites', 'files'] + [SHORT[o] for o in cols] + \
        ['sd only']
    table = []
    for name in sorted(rows):
        r = rows[name]
        table.append([name, r['sites'], len(r['files'])] +
                     [r.get(o, 0) for o in cols] + [r['sd only']])
    files = {s[0] for s in sites}
    table.append(['total', len(sites), len(files)] +
                 [sum(r.get(o, 0) for r in rows.values()) for o in cols] +
                 [sum(r['sd only'] for r in rows.values())])
    width = [max(len(str(x)) for x in col) for col in zip(head, *table)]
    fmt = '  '.join(['{:<%d}' % width[0]] +
                    ['{:>%d}' % w for w in width[1:]])
    print()
    print(fmt.format(*head))
    for row in table:
        print(fmt.format(*row))
    print('(' + ', '.join(f'{SHORT[o]}: {o}' for o in cols) + ')')
    print(f'misuse: {len(sites)} sites in {len(files)} files')


if __name__ == '__main__':
    main(sys.argv[1])
