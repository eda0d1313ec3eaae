from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import approvals, invitations, password, registration

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", registration.register, name="register"),
    path("register/done/", registration.register_done, name="register_done"),
    path("register/ports/", registration.register_ports, name="register_ports"),
    path("verify/resend/", registration.verify_resend, name="verify_resend"),
    path("verify/<uidb64>/<token>/", registration.verify_email, name="verify_email"),
    path("password_reset/", password.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", password.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", password.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", password.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("buyers/approvals/", approvals.buyer_approvals, name="buyer_approvals"),
    path("buyers/<int:pk>/approve/", approvals.buyer_approve, name="buyer_approve"),
    path("buyers/<int:pk>/reject/", approvals.buyer_reject, name="buyer_reject"),
    path("invitations/", invitations.invitations, name="invitations"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
]
