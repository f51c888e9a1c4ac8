"""The commendation workflow: proposals and their dossiers, the council and its meetings,
decisions with their recipients and bonuses, annulment, certificates.

Every status change has one function in ``commendation.services`` (named in each model's
docstring); nothing else writes these rows.

One module per stage: ``proposals`` (with the quotas), ``council``, ``decisions`` (with the base
salary and annulment), ``certificates``; every model is imported here, so ``commendation.models``
is where Django and the rest of the code find them."""

from commendation.models.certificates import CertificateTemplate
from commendation.models.council import CouncilMeeting, CouncilMember, NoticeComment, PublicNotice
from commendation.models.decisions import Annulment, BaseSalary, Decision, DecisionLine, DecisionScan
from commendation.models.exclusions import LineExclusion
from commendation.models.proposals import AchievementReport, DossierFile, Proposal, ProposalLine, Quota

__all__ = [
    "BaseSalary",
    "Proposal",
    "ProposalLine",
    "LineExclusion",
    "DossierFile",
    "AchievementReport",
    "Quota",
    "CouncilMeeting",
    "CouncilMember",
    "PublicNotice",
    "NoticeComment",
    "Decision",
    "DecisionLine",
    "DecisionScan",
    "Annulment",
    "CertificateTemplate",
]
