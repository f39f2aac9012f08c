#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the objres_bench and devm_bench KUnit logs into tables plus
"bench:" lines.

The first log is the UML boot of the patched tree that ran objres_bench;
the optional second one is the arm64 boot in qemu, which runs only the
slab-bytes case: its figures are measured there with ksize() and printed
with an arm64_ prefix. Each --patched and --pristine is the log of one UML
boot of the patched tree or of unpatched 6.12 that ran devm_bench.

devm_bench prints its figures as devm_<name>; the median over the boots of
each tree (each figure measured within one boot) is printed here as
devm_patched_<name> and devm_pristine_<name>, followed by the figures
derived from both trees, devm_target_* (checked against the targets of
issue 12, a miss printed as such) and devm_compare_* (information only).
Without --patched, the devm_ figures of the first log are the patched ones.
"""

import argparse
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


def devm_figures(paths, boot):
    """The median over the logs of each devm_<name>, as devm_<boot>_<name>."""
    values = {}
    for path in paths:
        for name, value in read_figures(path).items():
            if name.startswith('devm_'):
                values.setdefault(f'devm_{boot}_{name[5:]}', []).append(value)
    # The lower median, so that every figure is one a boot measured.
    return {name: sorted(v, key=float)[(len(v) - 1) // 2]
            if len(v) == len(paths) else '-'
            for name, v in values.items()}


DEVM_SIZES = (8, 64, 200)
DEVM_NS = (1, 100, 10000)
DEVM_ORDERS = ('oldest_first', 'newest_first', 'random')
# Issue 12: devm_ on objres costs at most 0.8 of 6.12's devm_ (each as a
# ratio to bare kmalloc()/kfree() in its own boot), and frees oldest first
# at least 100 times faster.
DEVM_RATIO_TARGET = 0.8
DEVM_KFREE_TARGET = 100.0


def devm_derive(figures):
    """Add the figures derived from both boots; return the target verdicts."""
    def num(name):
        try:
            return float(figures[name])
        except (KeyError, ValueError):
            return None

    def quotient(name, num_name, den_name):
        a, b = num(num_name), num(den_name)
        if a is not None and b:
            figures[name] = f'{a / b:.2f}'

    verdicts = []
    for size in DEVM_SIZES:
        for n in DEVM_NS:
            key = f'kmalloc_{size}_n{n}'
            # The target is on devres' own release, devres_release_all();
            # the whole unbind around it is compared too.
            name = f'devm_target_ratio_{key}'
            quotient(name, f'devm_patched_ratio_release_all_{key}',
                     f'devm_pristine_ratio_release_all_{key}')
            verdicts.append((name, num(name), '<=', DEVM_RATIO_TARGET))
            quotient(f'devm_compare_unbind_ratio_{key}',
                     f'devm_patched_ratio_{key}',
                     f'devm_pristine_ratio_{key}')
            quotient(f'devm_compare_group_ratio_{key}',
                     f'devm_patched_ratio_group_{key}',
                     f'devm_pristine_ratio_group_{key}')
    for order in DEVM_ORDERS:
        key = f'kfree_{order}_n10000'
        name = (f'devm_target_speedup_{key}' if order == 'oldest_first'
                else f'devm_compare_speedup_{key}')
        quotient(name, f'devm_pristine_{key}_ns', f'devm_patched_{key}_ns')
        if order == 'oldest_first':
            verdicts.append((name, num(name), '>=', DEVM_KFREE_TARGET))
    quotient('devm_compare_unbind_empty', 'devm_patched_unbind_empty_ns',
             'devm_pristine_unbind_empty_ns')
    # How much of one resource's figure the driver core takes: an unbind
    # with nothing to release, over devm_kmalloc() of 8 bytes and its unbind.
    for boot in ('pristine', 'patched'):
        quotient(f'devm_{boot}_unbind_share_kmalloc_8_n1',
                 f'devm_{boot}_unbind_empty_ns',
                 f'devm_{boot}_kmalloc_8_n1_ns')
    met = sum(1 for _, v, op, t in verdicts
              if v is not None and (v <= t if op == '<=' else v >= t))
    figures['devm_targets_met'] = str(met)
    figures['devm_targets_missed'] = str(len(verdicts) - met)
    return verdicts


def devm_tables(figures, verdicts, boots):
    def get(name):
        return figures.get(name, '-')

    def verdict(name):
        for vname, value, op, target in verdicts:
            if vname == name:
                if value is None:
                    return f'{op}{target:g} n/a'
                ok = value <= target if op == '<=' else value >= target
                return f"{op}{target:g} {'met' if ok else 'MISS'}"
        return ''

    def add_release_rows(kind, compare, target):
        """One row per size and N: devm, bare and ratio in each boot."""
        print(f"{'':<15}{'pristine 6.12':>22}{'patched':>22}"
              f"{'patched/pristine':>22}")
        print(f"{'what':<11}{'N':>6}{'devm':>8}{'bare':>6}{'ratio':>8}"
              f"{'devm':>8}{'bare':>6}{'ratio':>8}{'ratio':>9}"
              + (f"{'target':>13}" if target else ''))
        for size in DEVM_SIZES:
            for n in DEVM_NS:
                key = f'kmalloc_{size}_n{n}'
                row = f"{'kmalloc ' + str(size):<11}{n:>6}"
                for boot in ('pristine', 'patched'):
                    row += (f"{get(f'devm_{boot}_{kind}{key}_ns'):>8}"
                            f"{get(f'devm_{boot}_bare_{key}_ns'):>6}"
                            f"{get(f'devm_{boot}_ratio_{kind}{key}'):>8}")
                row += f"{get(compare + key):>9}"
                if target:
                    row += f"{verdict(compare + key):>13}"
                print(row)

    print(f'devm_ on pristine 6.12 and on the patched tree: each figure the '
          f'median of {boots[0]}\npatched and {boots[1]} pristine boots, '
          'each measured within one boot')
    print()
    print('devm_kmalloc() of N resources on a bound platform device, then '
          'devres_release_all(),\nthe devres part of an unbind, in ns per '
          'resource; ratio: to bare kmalloc()+kfree()\nof the same size and '
          'N in the same boot')
    add_release_rows('release_all_', 'devm_target_ratio_', True)
    print()
    print('the same with the whole unbind (device_release_driver()) instead, '
          'driver core\nincluded (information, not a target)')
    add_release_rows('', 'devm_compare_unbind_ratio_', False)
    print(f"unbind with no resource: pristine "
          f"{get('devm_pristine_unbind_empty_ns')} ns, patched "
          f"{get('devm_patched_unbind_empty_ns')} ns (of which a clock read "
          f"pair: {get('devm_pristine_clock_pair_ns')}, "
          f"{get('devm_patched_clock_pair_ns')} ns);\nat N=1 that unbind is "
          f"{get('devm_pristine_unbind_share_kmalloc_8_n1')} (pristine) and "
          f"{get('devm_patched_unbind_share_kmalloc_8_n1')} (patched) of the "
          "kmalloc 8 figure: driver core, not devres")
    print(f"sizeof(struct device): pristine "
          f"{get('devm_pristine_struct_device_bytes')} bytes, patched "
          f"{get('devm_patched_struct_device_bytes')} bytes")
    print()
    print('the same resources released by devres_release_group() instead of '
          'an unbind: devres\nalone, without the driver core (information, '
          'not a target)')
    add_release_rows('group_', 'devm_compare_group_ratio_', False)
    print()
    print('devm_kfree() of 10000 allocations of 16 bytes one by one (ns per '
          'free; ratio: to\nbare kfree() in the same order, same boot)')
    print(f"{'order':<14}{'pristine':>9}{'ratio':>9}{'patched':>9}"
          f"{'ratio':>9}{'speedup':>9}{'target':>13}")
    for order in DEVM_ORDERS:
        key = f'kfree_{order}_n10000'
        name = (f'devm_target_speedup_{key}' if order == 'oldest_first'
                else f'devm_compare_speedup_{key}')
        print(f"{order:<14}{get(f'devm_pristine_{key}_ns'):>9}"
              f"{get(f'devm_pristine_ratio_{key}'):>9}"
              f"{get(f'devm_patched_{key}_ns'):>9}"
              f"{get(f'devm_patched_ratio_{key}'):>9}{get(name):>9}"
              f"{verdict(name):>13}")
    print('(speedup: pristine ns / patched ns)')
    print()
    missed = [v for v in verdicts if verdict(v[0]).split()[-1] != 'met']
    print(f"devm_ targets of issue 12: {get('devm_targets_met')} of "
          f"{len(verdicts)} met")
    for name, _, _, _ in missed:
        print(f'devm_ target missed: {name} {get(name)} '
              f'(target {verdict(name).split()[0]})')
    print()


def main(path, arm64_path=None, patched=(), pristine=()):
    figures = {name: value for name, value in read_figures(path).items()
               if not name.startswith('devm_')}
    if arm64_path:
        figures.update(read_figures(arm64_path, 'arm64_'))
    figures.update(devm_figures(patched or [path], 'patched'))
    figures.update(devm_figures(pristine, 'pristine'))
    boots = (len(patched or [path]), len(pristine))
    verdicts = devm_derive(figures)

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
    devm_tables(figures, verdicts, boots)
    for name in sorted(figures):
        print(f'bench: {name} {figures[name]}')
    return 0 if figures else 1


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('log')
    parser.add_argument('arm64_log', nargs='?')
    parser.add_argument('--patched', metavar='LOG', action='append',
                        default=[])
    parser.add_argument('--pristine', metavar='LOG', action='append',
                        default=[])
    args = parser.parse_args()
    sys.exit(main(args.log, args.arm64_log, args.patched, args.pristine))
