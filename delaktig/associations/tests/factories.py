import factory

from delaktig.associations.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Association,
    AssociationStatus,
    Category,
)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Förening {n}")
    slug = factory.Sequence(lambda n: f"forening-{n}")
    category = Category.SPORTS
    description = "Vi spelar boll och fikar."
    contact_email = factory.Sequence(lambda n: f"info{n}@forening.se")
    status = AssociationStatus.LISTED


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    kind = ApplicationKind.NEW
    name = factory.Sequence(lambda n: f"Ny förening {n}")
    category = Category.CULTURE
    description = "Vi sjunger i kör."
    contact_email = "info@kor.se"
    applicant_email = "sokande@example.se"
    status = ApplicationStatus.WAITING
