from . import retail_store_cluster
from . import stock_warehouse
from . import retail_stock_balance
from . import retail_adjustment_rule
from . import retail_replenishment_policy
from . import stock_warehouse_orderpoint
from . import retail_replenishment_builder
from . import retail_replenishment_run
