from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME}
