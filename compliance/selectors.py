def rules_in_force_count() -> int:
    return 0
