from . import product_category
