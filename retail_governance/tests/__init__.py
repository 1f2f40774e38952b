from . import test_roles
from . import test_adjustment_approval
from . import test_quantity_paths
from . import test_store_rules
from . import test_audit_log
from . import test_exception
from . import test_cycle_count
