from . import stock_scheduler_compute
