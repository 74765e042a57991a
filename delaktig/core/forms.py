from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every field with a label, help text and errors tied to it (templates/includes)."""

    field_template_name = "includes/field.html"


class AccessibleErrorsMixin:
    """Point each field with an error at its message (aria-describedby), for screen readers."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


def add_domain_error(form, error) -> None:
    """Show a service's `DomainError` on the form: beside its field when it names one of the
    form's fields, else at the top (the error summary lists both)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
