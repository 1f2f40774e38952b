from . import test_product_category
