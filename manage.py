#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from config.embedded import ensure_environment

    ensure_environment()  # the embedded PostgreSQL and Redis, unless DATABASE_URL / REDIS_URL are set
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
