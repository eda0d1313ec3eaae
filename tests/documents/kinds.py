"""Test-only paper kinds, registered in the test process (imported by the tests) and in every test worker
(``CELERY_IMPORTS`` in config/settings/test.py), as an owner app registers its kinds in ``ready()``.

The owner is a buyer (``accounts.BuyerCompany``): its name, consignee and notify party print on the paper.
``TEST_DOCUMENT_SLOW_SECONDS`` in a worker's environment makes each of its renders that slow (the worker-kill test).
"""

import os
import time

from documents import registry, samples


def paper_context(owner) -> dict:
    delay = float(os.environ.get("TEST_DOCUMENT_SLOW_SECONDS") or 0)
    if delay:
        time.sleep(delay)
    return samples.sample_context("proforma_invoice", lines=2, buyer_name=owner.name,
                                  consignee_name=owner.consignee_name, notify_name=owner.notify_party)


def broken_context(owner) -> dict:
    raise RuntimeError(f"no freight rate for {owner.city}")


registry.register("test_paper", series="TP", template="papers/proforma_invoice.html", context=paper_context,
                  title="Test paper")
registry.register("test_broken", series="TB", template="papers/proforma_invoice.html", context=broken_context,
                  title="Broken paper")
