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


# Each location's warehouse: the closest warehouse whose view location it is or
# is under (found down location_id from the views, not by the nested sets,
# which are not computed while modules load).
LOCATION_WAREHOUSES = """
    WITH RECURSIVE view AS (
        SELECT view_location_id AS id, id AS warehouse_id
          FROM stock_warehouse WHERE view_location_id IS NOT NULL
    ), tree (id, warehouse_id) AS (
        SELECT id, warehouse_id FROM view
        UNION ALL
        SELECT l.id, tree.warehouse_id
          FROM stock_location l JOIN tree ON l.location_id = tree.id
         WHERE l.id NOT IN (SELECT id FROM view)
    )
    UPDATE stock_location row SET retail_warehouse_id = found.warehouse_id
      FROM (SELECT l.id, tree.warehouse_id
              FROM stock_location l LEFT JOIN tree ON tree.id = l.id) found
     WHERE found.id = row.id AND row.retail_warehouse_id IS DISTINCT FROM found.warehouse_id
    RETURNING row.id
"""

# The warehouses of moves' and move lines' locations, from the locations'.
MOVE_LOCATION_WAREHOUSES = """
    UPDATE {table} row
       SET retail_from_warehouse_id = src.retail_warehouse_id,
           retail_to_warehouse_id = dest.retail_warehouse_id
      FROM stock_location src, stock_location dest
     WHERE src.id = row.location_id AND dest.id = row.location_dest_id
       AND (row.retail_from_warehouse_id IS DISTINCT FROM src.retail_warehouse_id
            OR row.retail_to_warehouse_id IS DISTINCT FROM dest.retail_warehouse_id)
       {where}
"""


def sync_location_warehouses(cr):
    """Brings every location's ``retail_warehouse_id`` in step with the
    warehouses' trees, then the moves and move lines of the locations whose
    warehouse changed; returns the ids of those locations."""
    cr.execute(LOCATION_WAREHOUSES)
    changed = [row[0] for row in cr.fetchall()]
    if changed:
        fill_move_location_warehouses(
            cr, "AND (row.location_id IN %(ids)s OR row.location_dest_id IN %(ids)s)",
            {'ids': tuple(changed)})
    return changed


def fill_move_location_warehouses(cr, where='', params=None):
    """Moves' and move lines' ``retail_from_warehouse_id`` and
    ``retail_to_warehouse_id`` where they differ from their locations'
    (``where``: more conditions on ``row``)."""
    for table in ('stock_move', 'stock_move_line'):
        cr.execute(MOVE_LOCATION_WAREHOUSES.format(table=table, where=where), params)


def add_location_warehouse_columns(cr):
    """Locations' warehouse, and the warehouses of moves' and move lines'
    locations and of transfers, which the store roles' record rules test:
    short lists of warehouses instead of every location (or operation type) of
    the user's stores, which PostgreSQL plans again at each access check."""
    cr.execute("""SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'stock_location' AND column_name = 'retail_warehouse_id'""")
    if not cr.fetchone():
        cr.execute("ALTER TABLE stock_location ADD COLUMN retail_warehouse_id integer "
                   "REFERENCES stock_warehouse (id) ON DELETE SET NULL")
        cr.execute(LOCATION_WAREHOUSES)
    for table in ('stock_move', 'stock_move_line'):
        for column, location in (('retail_from_warehouse_id', 'location_id'),
                                 ('retail_to_warehouse_id', 'location_dest_id')):
            add_filled_column(cr, table, column, 'stock_warehouse', """
                UPDATE {table} row SET {column} = l.retail_warehouse_id
                  FROM stock_location l
                 WHERE l.id = row.%s AND l.retail_warehouse_id IS NOT NULL""" % location)
    add_filled_column(cr, 'stock_picking', 'retail_warehouse_id', 'stock_warehouse', """
        UPDATE {table} row SET {column} = t.warehouse_id
          FROM stock_picking_type t
         WHERE t.id = row.picking_type_id AND t.warehouse_id IS NOT NULL""")
