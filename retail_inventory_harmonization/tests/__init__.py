from . import test_install
from . import test_transfer
from . import test_kpi
from . import test_onboarding
from . import test_transfer_barcode
from . import test_onboarding_company
from . import test_onboarding_evidence
from . import test_transfer_replenishment
