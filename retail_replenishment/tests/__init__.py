from . import test_store_cluster
from . import test_adjustment_rule_cluster
from . import test_replenishment_math
from . import test_replenishment_policy
from . import test_emergency_transfer
from . import test_replenishment_run
from . import test_replenishment_run_supply
from . import test_replenishment_allocation
