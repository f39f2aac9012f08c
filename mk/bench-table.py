#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the objres_bench KUnit log into a table plus "bench:" lines.

The figures for arm64 are computed, not measured: 6.12 aligns devres (and
drmm_) payloads to ARCH_DMA_MINALIGN, 128 there, while objres aligns to
ARCH_KMALLOC_MINALIGN, 8 there as on x86_64.
"""

import re
import sys

LINE = re.compile(r'(?:^|\s)bench: ([a-z0-9_]+) ([0-9.]+)\s*$')


def kmalloc_bucket(size, caches):
    return min(c for c in caches if c >= size)


def main(path):
    figures = {}
    with open(path, errors='replace') as f:
        for line in f:
            m = LINE.search(line)
            if m:
                figures[m.group(1)] = m.group(2)

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
    print('slab bytes per resource (ksize of the real allocation, x86_64)')
    print(f"{'what':<14}{'objres':>9}{'devres':>9}")
    for size in (8, 64, 200):
        print(f"{'kzalloc ' + str(size):<14}"
              f"{get(f'objres_slab_bytes_kzalloc_{size}'):>9}"
              f"{get(f'devres_slab_bytes_kzalloc_{size}'):>9}")
    print(f"{'action':<14}{get('objres_slab_bytes_action'):>9}"
          f"{get('devres_slab_bytes_action'):>9}")
    print()
    hdr = get('objres_header_bytes')
    print(f'node header of a managed allocation: x86_64 {hdr} bytes '
          f'(measured); arm64 24 bytes (computed: three words, payload '
          f'aligned to ARCH_KMALLOC_MINALIGN = 8)')
    # arm64 6.12: devres_node is 40 bytes, its payload aligned to 128.
    arm64 = (8, 16, 32, 64, 96, 128, 192, 256, 512)
    print('arm64, computed: kzalloc(8) costs objres '
          f'{kmalloc_bucket(24 + 8, arm64)} bytes, devres '
          f'{kmalloc_bucket(128 + 8, arm64)} bytes (header 128, '
          'ARCH_DMA_MINALIGN)')
    print()
    for name in sorted(figures):
        print(f'bench: {name} {figures[name]}')
    return 0 if figures else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
