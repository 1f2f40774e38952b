"""Generates a retail network of any size into an existing database with the suite.

Called by bin/scale-data; prints the time of each step and the totals.
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', dest='config', required=True)
    parser.add_argument('-d', dest='database', required=True)
    parser.add_argument('--stores', type=int, default=100)
    parser.add_argument('--skus', type=int, default=10000)
    parser.add_argument('--weeks', type=int, default=8)
    parser.add_argument('--seed', type=int, default=42)
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database,
                                    '--log-level', 'warn'])
    from odoo.addons.retail_demo.generator import RetailNetworkGenerator

    start = time.time()
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        summary = RetailNetworkGenerator(
            env, stores=args.stores, skus=args.skus, weeks=args.weeks,
            seed=args.seed, bulk=True).generate()
    elapsed = time.time() - start  # includes the commit
    print('Retail network in %s: %d stores x %d SKUs, %d weeks' % (
        args.database, summary['stores'], summary['products'], summary['weeks']))
    for step, seconds in summary['timings']:
        print('  %-24s %8.1f s' % (step, seconds))
    print('  %-24s %8.1f s  (%d moves, %d quants)' % (
        'total with commit', elapsed, summary['moves'], summary['quants']))


if __name__ == '__main__':
    main()
