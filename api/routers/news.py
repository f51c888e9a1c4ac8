"""The news page "Thông tin thi đua": published articles for everyone logged in; drafting from a
conference, editing and publishing for the block's emulation office (404 outside scope, 403 read-only).
Access as in the UI (``news.permissions``); writes through ``news.services``."""

from django.core.exceptions import PermissionDenied
from ninja import Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.routers.common import Router
from api.schemas.common import Page, PathId
from api.schemas.news import ArticleDetailOut, ArticleIn, ArticleOut, GenerateIn, PublishIn
from cycle import permissions as cycle_perms
from news import services as news_services
from news.models import Article
from news.permissions import get_article_for_user

router = Router(tags=["news"], operation_ids="api_routers_news")


@router.get("", response=list[ArticleOut], summary="Tin đã đăng, mới nhất trước")
@paginate(Page)
def list_articles(request):
    return Article.objects.published().order_by("-published_at", "-pk")


@router.post("/generate", response={201: ArticleDetailOut}, summary="Soạn bản nháp từ dữ liệu hội nghị")
def generate(request, data: GenerateIn):
    conference = cycle_perms.get_conference_for_user(request.auth, data.conference)
    if not cycle_perms.can_manage_block(request.auth, conference.block):
        raise PermissionDenied
    return Status(201, news_services.create_draft_from_conference(conference, by=request.auth))


@router.get("/{article_id}", response=ArticleDetailOut, summary="Một tin bài (không tính lượt xem)")
def get_article(request, article_id: PathId):
    return get_article_for_user(request.auth, article_id)


@router.patch("/{article_id}", response=ArticleDetailOut, summary="Sửa tiêu đề, nội dung")
def update(request, article_id: PathId, data: ArticleIn):
    article = get_article_for_user(request.auth, article_id, write=True)
    return news_services.update_article(article, title=data.title, body=data.body, by=request.auth)


@router.post("/{article_id}/publish", response=ArticleDetailOut, summary="Đăng hoặc gỡ tin")
def publish(request, article_id: PathId, data: PublishIn):
    article = get_article_for_user(request.auth, article_id, write=True)
    try:
        if data.published:
            return news_services.publish_article(article, by=request.auth)
        return news_services.unpublish_article(article, by=request.auth)
    except news_services.NewsError as exc:
        raise HttpError(422, str(exc)) from None
