from . import retail_status_change
from . import retail_return_disposition
from . import retail_order_return
