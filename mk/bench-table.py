#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the objres_bench KUnit logs into a table plus "bench:" lines.

The first log is the UML boot (every figure); the optional second one is
the arm64 boot in qemu, which runs only the slab-bytes case: its figures
are measured there with ksize() and printed with an arm64_ prefix.
"""

import re
import sys

LINE = re.compile(r'(?:^|\s)bench: ([a-z0-9_]+) ([0-9.]+)\s*$')


def read_figures(path, prefix=''):
    figures = {}
    with open(path, errors='replace') as f:
        for line in f:
            m = LINE.search(line)
            if m:
                figures[prefix + m.group(1)] = m.group(2)
    return figures


def main(path, arm64_path=None):
    figures = read_figures(path)
    if arm64_path:
        figures.update(read_figures(arm64_path, 'arm64_'))

    def get(name):
        return figures.get(name, '-')

    print('add N resources, then release all (ns per resource)')
    print(f"{'what':<14}{'N':>7}{'objres':>9}{'devres':>9}{'bare':>9}"
          f"{'floor':>8}{'obj/bare':>10}{'obj/devres':>11}"
          f"{'floor/bare':>11}{'obj/floor':>10}")
    for what, size in (('kmalloc', 8), ('kmalloc', 64), ('kmalloc', 200),
                       ('action', 0)):
        for n in (1, 100, 10000):
            key = f'{what}_{size}_n{n}'
            label = f'{what} {size}' if size else what
            def kmalloc_only(name):
                return get(name) if size else '-'
            print(f"{label:<14}{n:>7}{get(f'objres_{key}_ns'):>9}"
                  f"{get(f'devres_{key}_ns'):>9}"
                  f"{kmalloc_only(f'bare_{key}_ns'):>9}"
                  f"{kmalloc_only(f'floor_{key}_ns'):>8}"
                  f"{kmalloc_only(f'ratio_objres_bare_{key}'):>10}"
                  f"{get(f'ratio_objres_devres_{key}'):>11}"
                  f"{kmalloc_only(f'ratio_floor_bare_{key}'):>11}"
                  f"{kmalloc_only(f'ratio_objres_floor_{key}'):>10}")
    print('floor: kmalloc()/kfree() of payload plus a three-word header, '
          'linked with one atomic\n'
          'instruction: the least that a constant-time, owner-checked kfree '
          'and adders on\n'
          'other CPUs allow; floor/bare is the header\'s slab size class, '
          'obj/floor objres\'s code')
    print()
    print('kfree of 10000 managed allocations one by one (ns per kfree)')
    print(f"{'order':<14}{'objres':>9}{'devres':>9}{'devres/objres':>15}")
    for order in ('oldest_first', 'newest_first', 'random'):
        print(f"{order:<14}{get(f'objres_kfree_{order}_n10000_ns'):>9}"
              f"{get(f'devres_kfree_{order}_n10000_ns'):>9}"
              f"{get(f'speedup_kfree_{order}_n10000'):>15}")
    print()
    print('slab bytes per resource (ksize() of the real allocation, '
          'measured on each arch)')
    print('drmm_: objres with DMA-safe payloads; devres: devm_kzalloc(), '
          'laid out as 6.12\'s drmm_ was')
    archs = (('uml', ''), ('arm64', 'arm64_'))
    print(f"{'':<14}" + ''.join(f"{a + ' (' + 'DMA ' + str(get(p + 'arch_dma_minalign')) + ')':>27}"
                                for a, p in archs))
    print(f"{'what':<14}" + f"{'objres':>9}{'drmm_':>9}{'devres':>9}" * 2)
    for size in (8, 64, 200):
        row = f"{'kzalloc ' + str(size):<14}"
        for _, p in archs:
            row += (f"{get(f'{p}objres_slab_bytes_kzalloc_{size}'):>9}"
                    f"{get(f'{p}dma_safe_slab_bytes_kzalloc_{size}'):>9}"
                    f"{get(f'{p}devres_slab_bytes_kzalloc_{size}'):>9}")
        print(row)
    row = f"{'action':<14}"
    for _, p in archs:
        row += (f"{get(f'{p}objres_slab_bytes_action'):>9}{'-':>9}"
                f"{get(f'{p}devres_slab_bytes_action'):>9}")
    print(row)
    print('(DMA: ARCH_DMA_MINALIGN; node header of a managed '
          f"allocation: uml {get('objres_header_bytes')} bytes, "
          f"arm64 {get('arm64_objres_header_bytes')} bytes)")
    print()
    for name in sorted(figures):
        print(f'bench: {name} {figures[name]}')
    return 0 if figures else 1


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:3]))
