from django.core.cache import cache


def home_context(user) -> dict:
    from accounts.models import Yard
    from compliance.selectors import rules_in_force_count
    from inventory.models import Status, Vehicle

    available = cache.get_or_set(  # a COUNT over the catalog: a minute old is fine on the home page
        "home:available", lambda: Vehicle.objects.filter(status=Status.AVAILABLE).count(), 60)
    return {
        "vehicles_available": available,
        "yards": Yard.objects.count(),
        "rule_count": rules_in_force_count(),
    }
