app_name = "brokerage"
urlpatterns = []
