from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every field with a label, help text and errors tied to it (templates/includes)."""

    field_template_name = "includes/field.html"
