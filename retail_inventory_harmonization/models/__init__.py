from . import retail_transfer
from . import retail_exception
from . import retail_barcode_session
from . import retail_replenishment_builder
from . import stock_inventory
from . import stock_move
from . import stock_picking
