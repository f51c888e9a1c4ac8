"""Rule sets as data: the built-in YAML files, validation errors, parameters, versions."""

import copy
import datetime

import pytest
import yaml

from eligibility.engine import (
    COLLECTIVE,
    Discipline,
    Initiative,
    RuleSetError,
    UnitFacts,
    builtin,
    builtin_rulesets,
    load_ruleset,
    parse_ruleset,
    ruleset_for,
)
from eligibility.engine.loader import BUILTIN_DIR
from eligibility.tests.builders import LAW_2003, LAW_2022, d, holding, judge, officer, one_rule, rated, status

RULES_MD = [
    "CSTT",
    "CSTDCS",
    "CSTD_BO",
    "CSTD_TQ",
    "DVTT",
    "DVQT",
    "CO_BO",
    "CO_CP",
    "GK",
    "BK_BO",
    "BK_TTG",
    "HCLD3",
    "HCBVTQ3",
    "HCBVTQ2",
    "HCBVTQ1",
    "HCVANTQ",
    "HCCSVV1",
    "HCCSVV2",
    "HCCSVV3",
    "KNC_BVANTQ",
]


def _document(name=f"{LAW_2022}.yaml") -> dict:
    return yaml.safe_load((BUILTIN_DIR / name).read_text(encoding="utf-8"))


def test_the_2022_set_has_every_rule_of_rules_md_with_its_source_and_confidence():
    ruleset = builtin(LAW_2022)
    assert [rule.code for rule in ruleset.rules] == RULES_MD
    assert [rule.code for rule in ruleset.rules if not (rule.source and rule.confidence in "HML")] == []
    assert [(r.code, r.confidence) for r in ruleset.rules if r.confidence != "H"] == [
        ("GK", "M"),
        ("BK_TTG", "M"),
        ("HCLD3", "M"),
        ("HCBVTQ3", "L"),
        ("HCBVTQ2", "L"),
        ("HCBVTQ1", "L"),
        ("HCCSVV1", "M"),
        ("HCCSVV2", "M"),
        ("HCCSVV3", "M"),
        ("KNC_BVANTQ", "M"),
    ]
    bk_bo = ruleset.rule("BK_BO")
    assert (len(bk_bo.individual), len(bk_bo.collective), bk_bo.catalogue_code(COLLECTIVE)) == (4, 3, "BK_BO_TT")


def test_the_set_in_force_is_chosen_by_date():
    assert [s.code for s in builtin_rulesets()] == [LAW_2003, LAW_2022]
    assert ruleset_for(datetime.date(2023, 12, 31)).code == LAW_2003
    assert ruleset_for(datetime.date(2024, 1, 1)).code == LAW_2022
    with pytest.raises(LookupError, match="01/01/2000"):
        ruleset_for(datetime.date(2000, 1, 1))


def test_the_same_person_is_judged_differently_under_the_2003_and_2022_sets():
    # HTXSNV without any initiative: CSTĐ cơ sở under the 2022 law, not under the 2003 law.
    person = officer(1, ratings=rated("HTXSNV", 2016))
    assert status(judge([person], ruleset=LAW_2022), "CSTDCS") == "eligible"
    assert status(judge([person], ruleset=LAW_2003), "CSTDCS") == "not_eligible"
    assert judge([person], ruleset=LAW_2003).verdict("CSTDCS", 1).failures[0].basis == (
        "Luật TĐKT 2003 điều 23; NĐ 91/2017/NĐ-CP"
    )


def test_a_unit_at_60_percent_is_dvtt_under_2003_but_not_2022():
    people = [officer(k, unit_id=10) for k in range(1, 7)]
    people += [officer(k, unit_id=10, ratings={2025: "HTNV"}, titles={}) for k in range(7, 11)]
    unit = UnitFacts(10, ratings=rated("HTTNV", 2016))
    assert status(judge(people, [unit], ruleset=LAW_2003), "DVTT", 10, COLLECTIVE) == "eligible"
    assert status(judge(people, [unit], ruleset=LAW_2022), "DVTT", 10, COLLECTIVE) == "not_eligible"


def test_a_parameter_changes_a_rule_without_touching_it():
    lowered = builtin(LAW_2022).with_parameters(cstd_bo_years=2)
    candidate = officer(
        1, titles={**holding("CSTT", years=range(2016, 2026)), 2024: {"CSTT", "CSTDCS"}, 2025: {"CSTT", "CSTDCS"}}
    )
    candidate.initiatives.append(Initiative(1, "bo", d("01/01/2025")))
    assert status(judge([candidate], ruleset=LAW_2022), "CSTD_BO") == "not_eligible"
    assert status(judge([candidate], ruleset=lowered), "CSTD_BO") == "eligible"
    with pytest.raises(RuleSetError, match=r"tham số “years” \(= \$cstd_bo_years\): cần một số nguyên dương, nhận 0"):
        builtin(LAW_2022).with_parameters(cstd_bo_years=0)


def test_a_switch_parameter_drops_a_condition():
    document = _document()
    document["parameters"]["dvqt_discipline_clause"]["value"] = False
    ruleset = parse_ruleset(document, source="copy.yaml")
    dvqt = ruleset.rule("DVQT").collective[0]
    assert [c.predicate for c in dvqt.conditions if ruleset.enabled(c.when)] == [
        "rating_at_least",
        "every_member_rated_at_least",
        "member_share_holding",
        "members_holding_at_least",
    ]


def _broken(change) -> str:
    document = copy.deepcopy(_document())
    change(document)
    with pytest.raises(RuleSetError) as error:
        parse_ruleset(document, source=f"{LAW_2022}.yaml")
    return str(error.value)


def _condition(document, code, alternative, condition):
    rule = next(r for r in document["rules"] if r["code"] == code)
    return rule.get("individual", rule.get("collective"))[alternative]["conditions"][condition]


def test_an_unknown_predicate_names_the_file_rule_alternative_and_condition():
    def change(document):
        _condition(document, "CSTD_BO", 0, 1)["initiatives_used"] = _condition(document, "CSTD_BO", 0, 1).pop(
            "initiatives_unused"
        )

    assert _broken(change).startswith(
        "luat2022_nd98_cand.yaml, quy tắc CSTD_BO, cá nhân, phương án 1 (“3 năm liên tục CSTĐ cơ sở và sáng kiến có phạm "
        "vi ảnh hưởng toàn lực lượng”), điều kiện 2 (initiatives_used): vị từ không tồn tại “initiatives_used”"
    )


def test_an_unknown_parameter_reference_is_an_error():
    def change(document):
        _condition(document, "DVTT", 0, 1)["member_share_holding"]["percent"] = "$dvtt_sharee"

    assert _broken(change) == (
        "luat2022_nd98_cand.yaml, quy tắc DVTT, tập thể, phương án 1 (“Hoàn thành tốt nhiệm vụ, đủ tỷ lệ CSTT, không có "
        "cán bộ bị kỷ luật từ cảnh cáo”), điều kiện 2 (member_share_holding): tham số “percent” tham chiếu "
        "“$dvtt_sharee” không có trong “parameters”"
    )


def test_an_unknown_predicate_parameter_is_an_error():
    def change(document):
        _condition(document, "CSTT", 0, 0)["rating_at_least"]["minimum"] = "HTTNV"

    assert _broken(change).endswith(
        "điều kiện 1 (rating_at_least): tham số không hợp lệ “minimum” (có: rating, years, or_title, after_own)"
    )


def test_an_unknown_title_code_is_an_error():
    def in_condition(document):
        _condition(document, "CSTD_BO", 0, 0)["consecutive_title"]["title"] = "CSTD_CS"

    def as_rule(document):
        document["rules"][0]["code"] = "CSTT2"

    assert _broken(in_condition).endswith(
        "điều kiện 1 (consecutive_title): tham số “title”: mã danh hiệu không hợp lệ: 'CSTD_CS' (hợp lệ: CSTT, CSTDCS, "
        "CSTD_BO, CSTD_TQ, DVTT, DVQT, CO_BO, CO_TINH, CO_CP)"
    )
    assert _broken(as_rule) == "luat2022_nd98_cand.yaml, quy tắc CSTT2: mã danh hiệu không có trong danh mục: 'CSTT2'"


def test_a_title_and_an_award_form_are_never_mixed_up():
    def change(document):
        _condition(document, "BK_TTG", 0, 0)["chain_since_award"]["award"] = "CSTDCS"

    assert "tham số “award”: mã hình thức khen thưởng không hợp lệ: 'CSTDCS'" in _broken(change)


def test_a_predicate_for_units_is_refused_for_people():
    with pytest.raises(RuleSetError, match="vị từ “leads_block” không áp dụng cho cá nhân"):
        one_rule({"leads_block": {"max_rank": 1}})


def test_or_eligible_needs_the_rule_it_reads_and_no_cycle():
    with pytest.raises(RuleSetError, match="“or_eligible” cần quy tắc CSTDCS cho cá nhân trong cùng bộ quy tắc"):
        one_rule({"holds_title": {"title": "CSTDCS", "or_eligible": True}})
    with pytest.raises(RuleSetError, match="phụ thuộc vòng tròn: CSTT → CSTT"):
        one_rule({"holds_title": {"title": "CSTT", "or_eligible": True}})


def test_a_broken_yaml_file_names_the_file(tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"^hong.yaml: YAML không hợp lệ"):
        load_ruleset(path)


def test_the_parameters_the_engine_reads_itself_are_checked_too():
    with pytest.raises(RuleSetError, match=r"tham số “discipline_reset_form”: giá trị không hợp lệ: 'nhac_nho'"):
        builtin(LAW_2022).with_parameters(discipline_reset_form="nhac_nho")
    never = builtin(LAW_2022).with_parameters(discipline_reset_form=None)
    reprimanded = officer(1, disciplines=[Discipline("khien_trach", d("02/01/2024"), d("01/01/2025"))])
    assert status(judge([reprimanded]), "CSTT") == "not_eligible"
    assert status(judge([reprimanded], ruleset=never), "CSTT") == "eligible"
