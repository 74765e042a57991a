from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import District, Unit, User
from .second_factor import admin_login

# Sign-in to /admin/ goes through allauth: rate limits per address and account, second factor.
admin.site.login = admin_login


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "is_official",
        "is_moderator",
        "is_elected_member",
        "is_superuser",
    ]
    list_filter = [
        "is_official",
        "is_moderator",
        "is_elected_member",
        "is_superuser",
        "units",
        "district",
    ]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["units", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "district", "units"]}),
        (
            "Roles",
            {
                "fields": [
                    "is_active",
                    "is_official",
                    "is_moderator",
                    "is_elected_member",
                    "is_staff",
                    "is_superuser",
                ]
            },
        ),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


admin.site.register(District)
admin.site.register(Unit)
