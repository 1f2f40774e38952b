"""Benchmark: the data-quality report on the network (issue 13, item 2).

    .venv/bin/python tests/bench/bench_data_quality.py -c .run/odoo.conf \\
        -d retail_scale_100x10000

Runs each check of ``retail.data.quality.report`` (``get_findings``) as a retail
administrator, then the whole report from its screen (``action_run``: every
check and the findings stored), and prints the time and the number of findings
of each. Nothing is committed. Target (issue 13): the report under 10 s at 100
stores x 10,000 SKUs.
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config])
    from odoo.addons.retail_inventory_harmonization.models.retail_data_quality import CHECKS
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env.ref('base.user_admin') if env.ref('base.user_admin', False) else \
            env['res.users'].browse(SUPERUSER_ID)
        admin.write({'groups_id': [(4, env.ref('retail_governance.group_retail_admin').id)]})
        Report = env['retail.data.quality.report'].sudo(admin)
        cr.execute("SELECT count(*) FROM stock_warehouse")
        warehouses = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM product_product")
        products = cr.fetchone()[0]
        print('data-quality report, %d warehouses, %d products' % (warehouses, products))
        total = 0.0
        for code, label in CHECKS:
            started = time.perf_counter()
            found = Report.get_findings([code])
            seconds = time.perf_counter() - started
            total += seconds
            print('  %-40s %8.2f s %8d findings' % (label, seconds, len(found)), flush=True)
        print('  %-40s %8.2f s' % ('all checks', total))
        started = time.perf_counter()
        report = Report.create({})
        report.action_run()
        print('  %-40s %8.2f s %8d findings stored' % (
            'from the screen (run and store)', time.perf_counter() - started,
            report.finding_count))
        cr.rollback()


if __name__ == '__main__':
    main()
