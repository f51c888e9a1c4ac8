"""Django's widgets come out in Bootstrap's classes (thidua.forms.BootstrapFormRenderer)."""

import re

from django import forms


class _Form(forms.Form):
    many = forms.MultipleChoiceField(choices=[(1, "x"), (2, "y")], widget=forms.CheckboxSelectMultiple)
    one = forms.ChoiceField(choices=[(1, "x"), (2, "y")], widget=forms.RadioSelect)
    tick = forms.BooleanField()
    pick = forms.ChoiceField(choices=[(1, "x")])
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "score"}))
    own = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control-plaintext form-control"}))


def _classes(html: str) -> list[str]:
    return re.findall(r'<(?:div|input|select) [^>]*?class="([^"]*)"', html)


def test_each_widget_gets_its_bootstrap_class_and_a_list_of_boxes_only_on_its_boxes():
    form = _Form()
    assert re.findall(r'<div id="id_many"( class="[^"]*")?>', str(form["many"])) == [""]
    assert _classes(str(form["many"])) == ["form-check-input me-1", "form-check-input me-1"]
    assert _classes(str(form["one"])) == ["form-check-input me-1", "form-check-input me-1"]
    assert _classes(str(form["tick"])) == ["form-check-input"]
    assert _classes(str(form["pick"])) == ["form-select"]
    assert _classes(str(form["text"])) == ["score form-control"]
    assert _classes(str(form["own"])) == ["form-control-plaintext form-control"]
