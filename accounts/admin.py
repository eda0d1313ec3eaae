from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import BuyerCompany, User, Yard


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "yard", "buyer", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "yard"]
    list_select_related = ["yard", "buyer"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Role"), {"fields": ["role", "yard", "buyer", "preferred_currency"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Role"), {"fields": ["role", "yard", "buyer"]}),)


@admin.register(Yard)
class YardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "city", "nearest_port", "contact_name", "phone"]
    list_filter = ["country"]
    search_fields = ["code", "name", "city"]
    raw_id_fields = ["nearest_port"]


@admin.register(BuyerCompany)
class BuyerCompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "default_port", "consignee_name"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city", "consignee_name"]
    raw_id_fields = ["default_port"]
