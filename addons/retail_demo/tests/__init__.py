from . import test_demo_network
from . import test_generator
from . import test_demo_story
from . import test_demo_transfers
