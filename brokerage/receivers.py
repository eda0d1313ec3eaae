"""Brokerage's reactions to signals of the apps below it."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver

from brokerage.models import Order
from brokerage.services.orders import order_proforma_issued
from core.errors import ApplicationError
from documents.signals import document_ready

logger = logging.getLogger(__name__)


@receiver(document_ready, dispatch_uid="brokerage.proforma_ready")
def proforma_ready(sender, *, kind, content_type_id, object_id, **kwargs):
    """The proforma invoice is rendered: the order moves to ``proforma_issued`` (if still reserved)."""
    # read, not the cached content type: a long-lived worker must not trust ids cached before a flush
    is_order = ContentType.objects.filter(pk=content_type_id, app_label=Order._meta.app_label,
                                          model=Order._meta.model_name).exists()
    if kind != "proforma_invoice" or not is_order:
        return
    order = Order.objects.filter(pk=object_id).first()
    if order is None:
        return
    try:
        with transaction.atomic():  # a savepoint: the paper stays ready whatever happens to the order
            order_proforma_issued(order)
    except ApplicationError:
        logger.warning("order %s: proforma ready but the order could not move on", order.pk, exc_info=True)
