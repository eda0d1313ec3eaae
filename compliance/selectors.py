def rules_in_force_count() -> int:
    return 0


def latest_decisions(vehicle_ids):
    return {}


def exclude_blocked_for(queryset, country):
    return queryset
