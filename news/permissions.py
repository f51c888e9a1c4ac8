"""Access to news articles.

Published articles are visible to everyone logged in (the page is the system's internal news, as on
the police intranet sites the seeds come from). A draft is seen only by those who see its block
(others get 404) and changed only by the block's managing office (``can_manage_block``; read-only
roles get 403). A draft with no block: its author and admins.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cycle.permissions import can_manage_block, visible_blocks
from news.models import Article
from organisation import permissions as org_perms


def can_edit_article(user, article: Article) -> bool:
    if article.block_id is None:
        return org_perms.is_admin(user) or article.author_id == user.pk
    return can_manage_block(user, article.block)


def get_article_for_user(user, pk, *, write: bool = False) -> Article:
    """The article if the user may read it (else 404); with ``write`` may change it (else 403)."""
    article = Article.objects.select_related("block__managed_by", "conference", "author").filter(pk=pk).first()
    if article is None:
        raise Http404
    if article.block_id is not None:
        sees_block = visible_blocks(user).filter(pk=article.block_id).exists()
    else:
        sees_block = can_edit_article(user, article)
    if not sees_block and (write or not article.is_published):
        raise Http404
    if write and not can_edit_article(user, article):
        raise PermissionDenied
    return article


def drafts_for(user):
    """Drafts the user may edit: those of the blocks their office manages (all for admins)."""
    drafts = Article.objects.filter(status=Article.Status.DRAFT).select_related("block")
    if org_perms.is_admin(user):
        return drafts
    return [a for a in drafts.filter(block__in=visible_blocks(user)) if can_edit_article(user, a)] + list(
        drafts.filter(block__isnull=True, author=user)
    )
