from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.emails import invitation_email_send
from accounts.forms import RejectForm
from accounts.models import BuyerCompany, MerchantInvitation, User, Yard
from core.errors import ApplicationError


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "yard", "buyer", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "yard"]
    list_select_related = ["yard", "buyer"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Role"), {"fields": ["role", "yard", "buyer", "preferred_currency",
                                                                   "language", "email_verified_at"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Role"), {"fields": ["role", "yard", "buyer"]}),)


@admin.register(Yard)
class YardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "city", "nearest_port", "contact_name", "phone"]
    list_filter = ["country"]
    search_fields = ["code", "name", "city"]
    raw_id_fields = ["nearest_port"]


@admin.register(BuyerCompany)
class BuyerCompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "registration_number", "approval_status", "created"]
    list_filter = ["approval_status", "kind", "country"]
    search_fields = ["name", "city", "consignee_name", "registration_number", "email"]
    raw_id_fields = ["default_port"]
    readonly_fields = ["approval_status", "approval_decided_by", "approval_decided_at", "rejection_reason"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected buyers"))
    def approve(self, request, queryset):
        done = 0
        for buyer in queryset.exclude(approval_status=BuyerCompany.Approval.APPROVED):
            services.buyer_approve(buyer=buyer, by=request.user)
            done += 1
        self.message_user(request, gettext("Buyers approved: %(count)d.")
                          % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected buyers (asks why)"))
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for buyer in queryset.exclude(approval_status=BuyerCompany.Approval.REJECTED):
                try:
                    services.buyer_reject(buyer=buyer, by=request.user, reason=form.cleaned_data["reason"])
                except ApplicationError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
                    continue
                done += 1
            self.message_user(request, gettext("Buyers rejected: %(count)d.")
                              % {"count": done}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/accounts/reject_buyers.html", {
            **self.admin_site.each_context(request), "title": _("Reject buyers"), "buyers": queryset,
            "form": form, "action": "reject", "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME})


@admin.register(MerchantInvitation)
class MerchantInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "yard", "invited_by", "created", "expires_at", "accepted_at", "accepted_user"]
    list_filter = ["yard"]
    list_select_related = ["yard", "invited_by", "accepted_user"]
    search_fields = ["email"]
    actions = ["send_again"]

    def get_fields(self, request, obj=None):
        return ["email", "yard"] if obj is None else ["email", "yard", "invited_by", "created", "expires_at",
                                                       "accepted_at", "accepted_user"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        """A new invitation goes through the service (expiry, who invited) and is e-mailed at once."""
        if change:
            return
        invitation = services.invitation_create(email=obj.email, yard=obj.yard, by=request.user)
        obj.pk, obj.created, obj.expires_at, obj.invited_by = (invitation.pk, invitation.created,
                                                               invitation.expires_at, invitation.invited_by)
        invitation_email_send(invitation=invitation, request=request)

    @admin.action(description=_("Send a new invitation to the same address"))
    def send_again(self, request, queryset):
        sent = 0
        for old in queryset.filter(accepted_at__isnull=True).select_related("yard"):
            invitation = services.invitation_create(email=old.email, yard=old.yard, by=request.user)
            sent += invitation_email_send(invitation=invitation, request=request)
        self.message_user(request, gettext("Invitations sent: %(count)d.")
                          % {"count": sent}, messages.SUCCESS)
