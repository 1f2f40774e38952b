from . import test_product_category
from . import test_status_locations
from . import test_balance
from . import test_sales_channel
from . import test_quality_inspection
from . import test_return_disposition
from . import test_balance_fast_path
from . import test_order_return
