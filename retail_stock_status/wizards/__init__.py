from . import retail_status_change
from . import retail_return_disposition
