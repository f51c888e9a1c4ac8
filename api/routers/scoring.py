"""Scoring: rubrics, sheets, score cells, evidence files and results, under /api/v1/scoring.

Access exactly as in the pages, through ``scoring.permissions`` (404 outside your scope, 403 where you
may read but not act); every change goes through ``scoring.services`` and is audited. A value the rules
refuse is a 422 with its Vietnamese message; a cell changed since the ``version`` you send is a 409 whose
body carries the stored cell, so nothing is overwritten silently.
"""

import functools

from django.db import transaction
from django.http import Http404
from ninja import File, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from api.routers.common import Router
from api.schemas.bulk import BulkErrorOut, refused
from api.schemas.common import PathId
from api.schemas.scoring import (
    BulkCellsIn,
    CellIn,
    CellOut,
    ConflictOut,
    EvidenceOut,
    GapOut,
    ResultOut,
    Round,
    SheetOut,
)
from cycle import uploads
from scoring import core, permissions
from scoring.models import Rubric, Sheet
from scoring.services import ScoringError, results, rounds
from scoring.services.rounds import ScoreConflict

router = Router(tags=["scoring"], operation_ids="api_routers_scoring")


# Helpers --------------------------------------------------------------------------------------


def scoring_refusals(view):
    """A stale version is a 409 that carries the stored cell; a value the rules refuse is a 422."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ScoreConflict as conflict:
            current = _cell(conflict.current) if conflict.current else None
            return Status(409, {"detail": str(conflict), "current": current})
        except ScoringError as error:
            raise HttpError(422, str(error)) from error

    return wrapper


def _total(t) -> dict | None:
    return (
        None
        if t is None
        else {
            "total": t.total,
            "base": t.base,
            "bonus": t.bonus,
            "deductions": t.deductions,
            "sections": list(t.sections),
        }
    )


def _cell(score) -> dict:
    return {
        "criterion": score.criterion_id,
        "value": score.value,
        "version": score.version,
        "note": score.note,
        "figures": score.figures,
        "reason": score.reason,
    }


def _sheet(request, rubric_id: int, round_: str, unit_id: int, scorer_id: int | None, *, write: bool = False):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id)
    unit = permissions.member_unit(rubric, unit_id)
    scorer = permissions.member_unit(rubric, scorer_id) if scorer_id else None
    probe = Sheet(rubric=rubric, unit=unit, round=round_, scorer=unit if round_ == Sheet.Round.SELF else scorer)
    permissions.check_sheet(request.auth, rubric.block, probe, write=write)
    if round_ == Sheet.Round.CROSS and not rubric.assignments.filter(unit=unit, scorer=scorer).exists():
        raise Http404
    sheet = Sheet.objects.filter(rubric=rubric, unit=unit, round=round_, scorer=probe.scorer).first()
    if sheet is None and write:
        sheet = rounds.sheet_for(rubric, unit, round_, scorer)
    return rubric, sheet or probe


def _sheet_out(rubric: Rubric, sheet: Sheet) -> dict:
    facts = results.load(rubric)
    cells = facts.scores.get(sheet.pk, {}) if sheet.pk else {}
    return {
        "id": sheet.pk,
        "rubric": rubric.pk,
        "unit": sheet.unit,
        "round": sheet.round,
        "scorer": sheet.scorer if sheet.round == Sheet.Round.CROSS else None,
        "counts": sheet.round != Sheet.Round.CROSS or sheet.scorer_id in facts.active_scorers(sheet.unit_id),
        "total": _total(core.total(facts.core, facts.vector(sheet if sheet.pk else None))),
        "cells": [_cell(cells[c.pk]) for c in facts.leaves if c.pk in cells],
    }


# Rubrics --------------------------------------------------------------------------------------


@router.get(
    "/rubrics/{rubric_id}/results",
    response=list[ResultOut],
    summary="Bảng xếp hạng: tự chấm, chấm chéo, điểm chốt, thứ hạng và căn cứ (luôn tính từ điểm đã lưu)",
)
def rubric_results(request, rubric_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id)
    return [
        {
            "unit": r.unit,
            "rank": r.rank,
            "draw": r.draw,
            "decided_by": r.decided_by,
            "self_total": _total(r.self_total),
            "cross_total": _total(r.cross_total),
            "final_total": _total(r.final_total),
            "self_scored": r.self_progress[0],
            "criteria": r.self_progress[1],
            "cross_done": r.cross_done,
            "cross_expected": r.cross_expected,
            "removed": [{"scorer": a.scorer, "reason": a.removed_reason} for a in r.removed],
        }
        for r in results.leaderboard(results.load(rubric))
    ]


@router.get(
    "/rubrics/{rubric_id}/units/{unit_id}/discrepancies",
    response=list[GapOut],
    summary="Đối chiếu tự chấm và chấm chéo theo từng tiêu chí",
)
def discrepancies(request, rubric_id: PathId, unit_id: PathId):
    rubric = permissions.get_rubric_for_user(request.auth, rubric_id)
    unit = permissions.member_unit(rubric, unit_id)
    permissions.check_sheet(
        request.auth, rubric.block, Sheet(rubric=rubric, unit=unit, round=Sheet.Round.CROSS, scorer=unit)
    )
    return [
        {
            "criterion": g.criterion.pk,
            "code": g.criterion.code,
            "self_value": g.self_value,
            "cross_value": g.cross_value,
            "difference": g.difference,
            "flagged": g.flagged,
        }
        for g in results.discrepancy_report(results.load(rubric), unit)
    ]


# Sheets and cells -------------------------------------------------------------------------------


@router.get("/rubrics/{rubric_id}/sheets/{round}/{unit_id}", response=SheetOut, summary="Phiếu tự chấm hoặc điểm chốt")
def get_sheet(request, rubric_id: PathId, round: Round, unit_id: PathId):
    rubric, sheet = _sheet(request, rubric_id, round, unit_id, None)
    return _sheet_out(rubric, sheet)


@router.get(
    "/rubrics/{rubric_id}/sheets/cross/{unit_id}/{scorer_id}",
    response=SheetOut,
    summary="Phiếu chấm chéo của một đơn vị chấm",
)
def get_cross_sheet(request, rubric_id: PathId, unit_id: PathId, scorer_id: PathId):
    rubric, sheet = _sheet(request, rubric_id, Sheet.Round.CROSS, unit_id, scorer_id)
    return _sheet_out(rubric, sheet)


def _save(request, payload: CellIn, rubric_id, round_, unit_id, scorer_id, criterion_id):
    rubric, sheet = _sheet(request, rubric_id, round_, unit_id, scorer_id, write=True)
    criterion = rubric.criteria.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404
    score = rounds.save_score(
        sheet,
        criterion,
        by=request.auth,
        value=payload.value,
        version=payload.version,
        note=payload.note,
        figures=payload.figures,
        reason=payload.reason,
    )
    return Status(200, _cell(score))


@router.put(
    "/rubrics/{rubric_id}/sheets/{round}/{unit_id}/cells/{criterion_id}",
    response={200: CellOut, 409: ConflictOut},
    summary="Ghi một ô của phiếu tự chấm hoặc điểm chốt",
)
@scoring_refusals
def save_cell(request, payload: CellIn, rubric_id: PathId, round: Round, unit_id: PathId, criterion_id: PathId):
    return _save(request, payload, rubric_id, round, unit_id, None, criterion_id)


@router.put(
    "/rubrics/{rubric_id}/sheets/cross/{unit_id}/{scorer_id}/cells/{criterion_id}",
    response={200: CellOut, 409: ConflictOut},
    summary="Ghi một ô của phiếu chấm chéo",
)
@scoring_refusals
def save_cross_cell(
    request, payload: CellIn, rubric_id: PathId, unit_id: PathId, scorer_id: PathId, criterion_id: PathId
):
    return _save(request, payload, rubric_id, Sheet.Round.CROSS, unit_id, scorer_id, criterion_id)


def _save_many(request, payload: BulkCellsIn, rubric_id, round_, unit_id, scorer_id):
    """Every cell or none (``rounds.save_scores``): any problem rolls all back, the sheet made for them
    too, and the 422 lists each row's problem with its field."""
    try:
        with transaction.atomic():
            _rubric, sheet = _sheet(request, rubric_id, round_, unit_id, scorer_id, write=True)
            saved = rounds.save_scores(
                sheet, [rounds.CellData(**c.model_dump()) for c in payload.cells], by=request.auth
            )
    except rounds.CellsRefused as refusal:
        return Status(422, refused([{"row": p.row, "field": p.field, "detail": p.message} for p in refusal.problems]))
    except ScoringError as error:
        raise HttpError(422, str(error)) from error
    return Status(200, [_cell(score) for score in saved])


@router.put(
    "/rubrics/{rubric_id}/sheets/{round}/{unit_id}/cells",
    response={200: list[CellOut], 422: BulkErrorOut},
    summary="Ghi nhiều ô của phiếu tự chấm hoặc điểm chốt một lần (tất cả hoặc không ô nào)",
)
def save_cells(request, payload: BulkCellsIn, rubric_id: PathId, round: Round, unit_id: PathId):
    return _save_many(request, payload, rubric_id, round, unit_id, None)


@router.put(
    "/rubrics/{rubric_id}/sheets/cross/{unit_id}/{scorer_id}/cells",
    response={200: list[CellOut], 422: BulkErrorOut},
    summary="Ghi nhiều ô của phiếu chấm chéo một lần (tất cả hoặc không ô nào)",
)
def save_cross_cells(request, payload: BulkCellsIn, rubric_id: PathId, unit_id: PathId, scorer_id: PathId):
    return _save_many(request, payload, rubric_id, Sheet.Round.CROSS, unit_id, scorer_id)


# Evidence files ---------------------------------------------------------------------------------


@router.get(
    "/rubrics/{rubric_id}/sheets/self/{unit_id}/evidence",
    response=list[EvidenceOut],
    summary="Minh chứng đính kèm phiếu tự chấm của đơn vị, theo tiêu chí",
)
def list_evidence(request, rubric_id: PathId, unit_id: PathId):
    _rubric, sheet = _sheet(request, rubric_id, Sheet.Round.SELF, unit_id, None)
    return list(sheet.evidence.all()) if sheet.pk else []


@router.post(
    "/rubrics/{rubric_id}/sheets/self/{unit_id}/evidence/{criterion_id}",
    response={201: EvidenceOut, 409: ConflictOut},
    summary="Đính kèm một tệp minh chứng vào một tiêu chí của phiếu tự chấm (multipart, trường `file`)",
    description="Như trang chấm điểm: chỉ khi đang chấm điểm; chỉ nhận PDF, Word (.docx), Excel (.xlsx), đuôi tệp "
    "và nội dung phải khớp; giới hạn số tệp mỗi tiêu chí và dung lượng mỗi tệp.",
)
@scoring_refusals
def upload_evidence(request, rubric_id: PathId, unit_id: PathId, criterion_id: PathId, file: File[UploadedFile]):
    with transaction.atomic():  # a refused file leaves no sheet made for it either
        rubric, sheet = _sheet(request, rubric_id, Sheet.Round.SELF, unit_id, None, write=True)
        criterion = rubric.criteria.filter(pk=criterion_id).first()
        if criterion is None:
            raise Http404
        return Status(201, rounds.attach_evidence(sheet, criterion, file, by=request.auth))


@router.get(
    "/evidence/{evidence_id}",
    summary="Tải tệp minh chứng",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_evidence(request, evidence_id: PathId):
    evidence = permissions.get_evidence_for_user(request.auth, evidence_id)
    return uploads.download_response(evidence)


@router.delete("/evidence/{evidence_id}", response={204: None}, summary="Gỡ một tệp minh chứng")
@scoring_refusals
def delete_evidence(request, evidence_id: PathId):
    evidence = permissions.get_evidence_for_user(request.auth, evidence_id, write=True)
    rounds.remove_evidence(evidence, by=request.auth)
    return Status(204, None)
