"""Django's form widgets dressed in Bootstrap's classes, so every form field looks the same without each form
saying so: text-like inputs get ``form-control``, selects ``form-select``, checkboxes and radios
``form-check-input`` (in a list of radios or checkboxes, each box; the list's wrapper none). A widget that already carries one of these keeps its own classes."""

from django.forms.renderers import DjangoTemplates

WIDGET_CLASS = {
    "select.html": "form-select",
    "select_date.html": "form-select",
    "checkbox.html": "form-check-input",
    "radio.html": "",
    "checkbox_select.html": "",
    "hidden.html": "",
    "multiple_hidden.html": "",
}
BOOTSTRAP = ("form-control", "form-select", "form-check-input", "btn")


def _add_class(attrs: dict, css: str) -> None:
    current = attrs.get("class", "")
    if css and not any(name in current.split() for name in BOOTSTRAP):
        attrs["class"] = f"{current} {css}".strip()


class BootstrapFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget and template_name.startswith("django/forms/widgets/"):
            name = template_name.rsplit("/", 1)[-1]
            css = WIDGET_CLASS.get(name, "form-control")
            _add_class(widget["attrs"], css)
            if name in ("radio.html", "checkbox_select.html"):  # the list stays a plain wrapper, each box a check
                for _group, options, _index in widget.get("optgroups", ()):
                    for option in options:
                        _add_class(option["attrs"], "form-check-input me-1")
            for sub in widget.get("subwidgets", ()):
                _add_class(sub["attrs"], css)
        return super().render(template_name, context, request)
