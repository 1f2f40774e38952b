from . import retail_store_onboarding
