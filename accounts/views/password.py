"""Password reset: Django's own views, in the site's pages, rate limited, in the reader's language."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from accounts import ratelimit
from accounts.forms import LocalizedPasswordResetForm
from accounts.views.common import too_many


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account (Django's form sends only to accounts)."""

    form_class = LocalizedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not ratelimit.hit_by_ip(request, "password_reset"):
            return too_many(request)
        email = request.POST.get("email", "").strip().lower()
        if email and not ratelimit.hit("password_reset_email", email):
            # someone keeps asking for one address: no more mail to it for a while, and the same answer
            return self.form_valid_without_mail()
        return super().post(request, *args, **kwargs)

    def form_valid_without_mail(self):
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
