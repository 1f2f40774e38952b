from . import test_store_cluster
