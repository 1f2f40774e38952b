# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers of the suite's installation and migration scripts."""
import os

from lxml import etree

from odoo.modules import get_module_path


def rule_domains_from_file(module, filename, xml_ids):
    """{xml id: domain} of the record rules ``xml_ids`` in ``module``'s file
    ``security/<filename>``."""
    tree = etree.parse(os.path.join(get_module_path(module), 'security', filename))
    return {record.get('id'): record.findtext("field[@name='domain_force']")
            for record in tree.iter('record') if record.get('id') in xml_ids}


def update_rule_domains(env, module, filename, xml_ids):
    """Record rules live in ``noupdate`` files, so an upgrade keeps their
    earlier domains: the rules a release changed take theirs from the file."""
    for xml_id, domain in rule_domains_from_file(module, filename, xml_ids).items():
        rule = env.ref('%s.%s' % (module, xml_id), raise_if_not_found=False)
        if rule and rule.domain_force != domain:
            rule.domain_force = domain


def add_filled_column(cr, table, column, target, fill_query):
    """Adds the many2one column ``column`` (to table ``target``) and fills it
    with ``fill_query`` (an UPDATE of ``table`` aliased ``row``), unless it
    exists. Left to the ORM, a new stored related field is computed record by
    record over the whole table (millions of moves on a large network)."""
    cr.execute("""SELECT 1 FROM information_schema.columns
                   WHERE table_name = %s AND column_name = %s""", (table, column))
    if cr.fetchone():
        return False
    cr.execute("ALTER TABLE {table} ADD COLUMN {column} integer "
               "REFERENCES {target} (id) ON DELETE SET NULL".format(
                   table=table, column=column, target=target))
    cr.execute(fill_query.format(table=table, column=column))
    return True


def add_picking_warehouse_columns(cr):
    """Moves' and move lines' ``retail_picking_warehouse_id``: the warehouse of
    their transfer's operation type, which the store roles' record rules test."""
    for table in ('stock_move', 'stock_move_line'):
        add_filled_column(cr, table, 'retail_picking_warehouse_id', 'stock_warehouse', """
            UPDATE {table} row SET {column} = t.warehouse_id
              FROM stock_picking p
              JOIN stock_picking_type t ON t.id = p.picking_type_id
             WHERE p.id = row.picking_id AND t.warehouse_id IS NOT NULL""")
