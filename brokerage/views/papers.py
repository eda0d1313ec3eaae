"""Serving an order's papers (all five kinds belong to the order): who asks is checked here, then documents
gives the file. The order's buyer, the merchants whose stock it holds and staff; everyone else gets a 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from brokerage.selectors import orders_visible_to
from documents.http import document_file_response
from documents.selectors import documents_for


@login_required
def order_document(request, pk: int, document_id: int):
    order = get_object_or_404(orders_visible_to(request.user), pk=pk)
    document = get_object_or_404(documents_for(order), pk=document_id)
    return document_file_response(document, as_attachment=request.GET.get("download") == "1")
