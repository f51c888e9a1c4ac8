"""The news page "Thông tin thi đua": published articles for everyone logged in; drafting, editing and
publishing for the block's emulation office. Access through ``news.permissions``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cycle import permissions as cycle_perms
from news import drafting as news
from news import services as news_services
from news import standings
from news.models import Article
from news.permissions import can_edit_article, drafts_for, get_article_for_user

PAGE_SIZE = 20


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}


@login_required
def news_list(request):
    """Published articles, newest first, 20 a page; the user's editable drafts beside them."""
    articles = Article.objects.published().select_related("block").order_by("-published_at", "-pk")
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"nav": "news", "page": page, "drafts": drafts_for(request.user)}
    return render(request, "news/list.html", context)


@login_required
def article_detail(request, pk):
    article = get_article_for_user(request.user, pk)
    if article.is_published:
        news_services.record_view(article)
    context = {
        "nav": "news",
        "article": article,
        "related": news_services.related(article),
        "can_edit": can_edit_article(request.user, article),
    }
    if context["can_edit"]:
        context["standings_warning"] = _standings_warning(article.block)
    return render(request, "news/detail.html", context)


def _standings_warning(block) -> str:
    """The warning when the block's stored standings, which the article states, disagree with its scores."""
    found = standings.check_standings(block) if block is not None else None
    return found.message() if found else ""


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, pk):
    article = get_article_for_user(request.user, pk, write=True)
    form = ArticleForm(request.POST or None, initial={"title": article.title, "body": article.body})
    if request.method == "POST" and form.is_valid():
        try:
            news_services.update_article(article, by=request.user, **form.cleaned_data)
        except news_services.NewsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu tin bài."))
            return redirect("news:news_detail", pk=article.pk)
    context = {"nav": "news", "article": article, "form": form, "standings_warning": _standings_warning(article.block)}
    return render(request, "news/edit.html", context)


@login_required
@require_POST
def article_publish(request, pk):
    article = get_article_for_user(request.user, pk, write=True)
    publish = request.POST.get("action") != "unpublish"
    try:
        if publish:
            news_services.publish_article(article, by=request.user)
        else:
            news_services.unpublish_article(article, by=request.user)
    except news_services.NewsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã đăng tin bài.") if publish else _("Đã gỡ tin bài về bản nháp."))
    return redirect("news:news_detail", pk=article.pk)


@login_required
@require_http_methods(["GET", "POST"])
def news_generate(request, conference_pk):
    """Confirm, then write a draft article from the conference's data."""
    conference = cycle_perms.get_conference_for_user(request.user, conference_pk)
    if not cycle_perms.can_manage_block(request.user, conference.block):
        raise PermissionDenied
    if request.method == "POST":
        article = news_services.create_draft_from_conference(conference, by=request.user)
        messages.success(request, _("Đã tạo bản nháp tin bài từ dữ liệu hội nghị."))
        return redirect("news:news_edit", pk=article.pk)
    existing = Article.objects.filter(conference=conference).order_by("-created_at")
    context = {
        "nav": "news",
        "conference": conference,
        "khoi": conference.block,
        "existing": existing,
        "standings_warning": _standings_warning(conference.block),
    }
    return render(request, "news/generate.html", context)


@login_required
def summary_report(request, block_pk):
    """The block's year-end summary report (.docx), for anyone who sees the block."""
    block = cycle_perms.get_block_for_user(request.user, block_pk)
    response = HttpResponse(
        news.summary_docx(block),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-ket-{block.year}-{block.pk}.docx"'
    return response
