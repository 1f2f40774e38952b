from . import models
from . import wizards
from .upgrade import add_location_warehouse_columns, add_picking_warehouse_columns


def pre_init_hook(cr):
    """Installed on a database with a ledger: its moves' transfer warehouse
    filled in SQL, not computed move by move (as the warehouses of its
    locations, moves and transfers)."""
    add_picking_warehouse_columns(cr)
    add_location_warehouse_columns(cr)
