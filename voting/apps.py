from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Bỏ phiếu")

    def ready(self):
        # cycle.services.blocks.copy_block_to_next_year reads ``block.elected_for_next_year`` ("set by
        # the voting module when it exists"): the leader and deputy a closed election applied.
        from cycle.models import Block
        from voting.services import elected_for_next_year

        if not hasattr(Block, "elected_for_next_year"):
            Block.elected_for_next_year = property(elected_for_next_year)
