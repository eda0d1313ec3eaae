"""Order pages under /orders/: my orders, an order, quotes, payments and proofs; staff's freight table."""

from django.urls import path

from brokerage.views import board, dashboard, freight, orders, papers, quotes

app_name = "brokerage"
urlpatterns = [
    path("", orders.order_list, name="order_list"),
    path("<int:pk>/", orders.order_detail, name="order"),
    path("place/", orders.order_place, name="order_place"),
    path("<int:pk>/cancel/", orders.order_cancel, name="order_cancel"),
    path("<int:pk>/payments/", orders.payment_record, name="payment_record"),
    path("<int:pk>/proofs/", orders.proof_upload, name="proof_upload"),
    path("<int:pk>/proofs/<int:proof_id>/", orders.proof_file, name="proof-file"),
    path("<int:pk>/review/", orders.order_review, name="order_review"),
    path("<int:pk>/documents/<int:document_id>/", papers.order_document, name="order_document"),
    path("quotes/", quotes.quote_create, name="quote_create"),
    path("quotes/<int:pk>/", quotes.quote_detail, name="quote"),
    path("freight/", freight.freight_list, name="freight_list"),
    path("freight/new/", freight.freight_edit, name="freight_create"),
    path("freight/<int:pk>/", freight.freight_edit, name="freight_edit"),
]
# The staff board and dashboard (brokerage.views.board, brokerage.views.dashboard)
urlpatterns += [
    path("board/", board.board, name="board"),
    path("board/<int:pk>/cancel/", board.board_cancel, name="board_cancel"),
    path("board/<int:pk>/ready/", board.board_ready, name="board_ready"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
