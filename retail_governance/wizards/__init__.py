from . import stock_change_product_qty
