from . import retail_store_cluster
from . import stock_warehouse
