from django.db.models import Count, Q


def home_context(user) -> dict:
    from accounts.models import Yard
    from compliance.selectors import rules_in_force_count
    from inventory.models import Status, Vehicle

    available = Vehicle.objects.aggregate(n=Count("id", filter=Q(status=Status.AVAILABLE)))["n"]
    return {
        "vehicles_available": available,
        "yards": Yard.objects.count(),
        "rule_count": rules_in_force_count(),
    }
