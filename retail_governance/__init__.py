from . import models
from . import wizards
from .upgrade import add_picking_warehouse_columns


def pre_init_hook(cr):
    """Installed on a database with a ledger: its moves' transfer warehouse
    filled in SQL, not computed move by move."""
    add_picking_warehouse_columns(cr)
