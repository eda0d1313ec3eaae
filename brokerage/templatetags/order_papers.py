"""``{% order_papers order %}``: the order's papers (latest version of each kind) with links once ready."""

from django import template

from brokerage.papers import order_documents_data

register = template.Library()


@register.inclusion_tag("brokerage/_papers.html")
def order_papers(order):
    return {"order": order, "documents": order_documents_data(order)}
