"""Parsing and validating a rule set document into a ``RuleSet``.

Every problem found is reported with the file, the rule, the alternative and the condition."""

import copy
import datetime

from eligibility.engine.predicates import REGISTRY, check_value
from eligibility.engine.rules.ruleset import Alternative, Condition, Parameter, Rule, RuleSet, RuleSetError
from eligibility.engine.vocabulary import COLLECTIVE, FORMS, INDIVIDUAL, RECIPIENTS, TITLES

CONFIDENCES = ("H", "M", "L")
# Parameters the engine reads itself (both optional): from which discipline form achievements
# count only after the period (null: never), and how many years of facts to load for chains.
ENGINE_PARAMETERS = {"discipline_reset_form": "form", "history_years": "positive"}
META_KEYS = {"basis", "note", "when"}


def _date(value, where: str) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise RuleSetError(f"{where}: ngày không hợp lệ {value!r} (dạng YYYY-MM-DD)") from None


def _text(data: dict, key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RuleSetError(f"{where}: “{key}” phải là chuỗi, nhận {value!r}")
    if required and not value.strip():
        raise RuleSetError(f"{where}: thiếu “{key}”")
    return value


def _parameters(raw, source: str) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RuleSetError(f"{source}: “parameters” phải là một bảng tên → giá trị")
    out = {}
    for name, entry in raw.items():
        where = f"{source}, tham số “{name}”"
        if isinstance(entry, dict):
            if "value" not in entry:
                raise RuleSetError(f"{where}: thiếu “value”")
            unknown = set(entry) - {"value", "label", "source", "confidence"}
            if unknown:
                raise RuleSetError(f"{where}: khoá không hợp lệ {', '.join(sorted(unknown))}")
            confidence = entry.get("confidence", "") or ""
            if confidence and confidence not in CONFIDENCES:
                raise RuleSetError(f"{where}: độ tin cậy phải là H, M hoặc L")
            out[name] = Parameter(
                name, entry["value"], entry.get("label", "") or "", entry.get("source", "") or "", confidence
            )
        else:
            out[name] = Parameter(name, entry)
    return out


def _condition(raw, where: str, parameters: dict, recipient: str) -> Condition:
    if isinstance(raw, str):
        raw = {raw: {}}
    if not isinstance(raw, dict):
        raise RuleSetError(f"{where}: điều kiện phải là một bảng “tên_vị_từ: {{tham số}}”, nhận {raw!r}")
    names = [k for k in raw if k not in META_KEYS]
    if len(names) != 1:
        raise RuleSetError(f"{where}: mỗi điều kiện có đúng một vị từ, nhận {names or 'không có'}")
    name = names[0]
    where = f"{where} ({name})"
    predicate = REGISTRY.get(name)
    if predicate is None:
        raise RuleSetError(f"{where}: vị từ không tồn tại “{name}” (có: {', '.join(sorted(REGISTRY))})")
    if recipient not in predicate.recipients:
        who = "cá nhân" if recipient == INDIVIDUAL else "tập thể"
        raise RuleSetError(f"{where}: vị từ “{name}” không áp dụng cho {who}")
    params = raw[name] or {}
    if not isinstance(params, dict):
        raise RuleSetError(f"{where}: tham số phải là một bảng, nhận {params!r}")
    for key in params:
        if key not in predicate.params:
            raise RuleSetError(f"{where}: tham số không hợp lệ “{key}” (có: {', '.join(predicate.params) or 'không'})")
    for key, spec in predicate.params.items():
        if key not in params:
            if spec.required:
                raise RuleSetError(f"{where}: thiếu tham số “{key}”")
            continue
        value, label = params[key], f"“{key}”"
        if isinstance(value, str) and value.startswith("$"):
            if value[1:] not in parameters:
                raise RuleSetError(f"{where}: tham số {label} tham chiếu “{value}” không có trong “parameters”")
            value, label = parameters[value[1:]].value, f"{label} (= {value})"
            if value is None and not spec.required:
                continue
        problem = check_value(spec.type, value)
        if problem:
            raise RuleSetError(f"{where}: tham số {label}: {problem}")
    when = raw.get("when", "") or ""
    _check_switch(when, where, parameters)
    return Condition(
        name, dict(params), _text(raw, "basis", where, required=False), _text(raw, "note", where, required=False), when
    )


def _check_switch(when: str, where: str, parameters: dict) -> None:
    if not when:
        return
    if not (isinstance(when, str) and when.startswith("$") and when[1:] in parameters):
        raise RuleSetError(f"{where}: “when” phải là một tham số “$tên” có trong “parameters”, nhận {when!r}")
    if not isinstance(parameters[when[1:]].value, bool):
        raise RuleSetError(f"{where}: tham số “{when}” của “when” phải là true hoặc false")


def _alternatives(raw, where: str, parameters: dict, recipient: str) -> tuple:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise RuleSetError(f"{where}: cần một danh sách phương án")
    out = []
    for n, alt in enumerate(raw, 1):
        if not isinstance(alt, dict):
            raise RuleSetError(f"{where}, phương án {n}: phải là một bảng có “label” và “conditions”")
        label = alt.get("label") or f"Phương án {n}"
        here = f"{where}, phương án {n} (“{label}”)"
        unknown = set(alt) - {"label", "conditions", "when", "note"}
        if unknown:
            raise RuleSetError(f"{here}: khoá không hợp lệ {', '.join(sorted(unknown))}")
        conditions = alt.get("conditions")
        if not isinstance(conditions, list) or not conditions:
            raise RuleSetError(f"{here}: cần ít nhất một điều kiện")
        parsed = tuple(
            _condition(c, f"{here}, điều kiện {k}", parameters, recipient) for k, c in enumerate(conditions, 1)
        )
        when = alt.get("when", "") or ""
        _check_switch(when, here, parameters)
        out.append(Alternative(label, parsed, when, alt.get("note", "") or ""))
    return tuple(out)


def _rule(raw, n: int, source: str, parameters: dict) -> Rule:
    if not isinstance(raw, dict):
        raise RuleSetError(f"{source}, quy tắc {n}: phải là một bảng")
    code = raw.get("code")
    where = f"{source}, quy tắc {code or n}"
    kind = raw.get("kind")
    if kind not in ("title", "form"):
        raise RuleSetError(f"{where}: “kind” phải là title (danh hiệu) hoặc form (hình thức khen thưởng)")
    catalogue = TITLES if kind == "title" else FORMS
    what = "mã danh hiệu" if kind == "title" else "mã hình thức khen thưởng"
    if code not in catalogue:
        raise RuleSetError(f"{where}: {what} không có trong danh mục: {code!r}")
    collective_code = raw.get("collective_code") or ""
    if collective_code and collective_code not in catalogue:
        raise RuleSetError(f"{where}: {what} tập thể không có trong danh mục: {collective_code!r}")
    unknown = set(raw) - {
        "code",
        "kind",
        "name",
        "basis",
        "source",
        "confidence",
        "note",
        "individual",
        "collective",
        "collective_code",
    }
    if unknown:
        raise RuleSetError(f"{where}: khoá không hợp lệ {', '.join(sorted(unknown))}")
    confidence = raw.get("confidence", "") or ""
    if confidence not in CONFIDENCES:
        raise RuleSetError(f"{where}: “confidence” phải là H, M hoặc L (như rules.md), nhận {confidence!r}")
    individual = _alternatives(raw.get("individual"), f"{where}, cá nhân", parameters, INDIVIDUAL)
    collective = _alternatives(raw.get("collective"), f"{where}, tập thể", parameters, COLLECTIVE)
    if not individual and not collective:
        raise RuleSetError(f"{where}: cần phương án cho cá nhân (“individual”) hoặc tập thể (“collective”)")
    return Rule(
        code=code,
        kind=kind,
        name=_text(raw, "name", where),
        basis=_text(raw, "basis", where),
        source=_text(raw, "source", where, required=False),
        confidence=confidence,
        note=_text(raw, "note", where, required=False),
        individual=individual,
        collective=collective,
        collective_code=collective_code,
    )


def _order(ruleset: RuleSet) -> tuple:
    """(rule, recipient) pairs, each after the rules its ``or_eligible`` conditions read."""
    nodes = {(rule.code, r): rule for rule in ruleset.rules for r in RECIPIENTS if rule.alternatives(r)}
    deps: dict[tuple, list] = {}
    for (code, recipient), rule in nodes.items():
        found = []
        for n, alternative in enumerate(rule.alternatives(recipient), 1):
            for k, condition in enumerate(alternative.conditions + ruleset.common.get(recipient, ()), 1):
                for ref in REGISTRY[condition.predicate].depends(ruleset.resolved(condition), recipient):
                    if ref not in nodes:
                        who = "cá nhân" if ref[1] == INDIVIDUAL else "tập thể"
                        raise RuleSetError(
                            f"{ruleset.source}, quy tắc {code}, phương án {n}, điều kiện {k} ({condition.predicate}): "
                            f"“or_eligible” cần quy tắc {ref[0]} cho {who} trong cùng bộ quy tắc"
                        )
                    found.append(ref)
        deps[(code, recipient)] = found
    ordered, state = [], {}

    def visit(node, path):
        if state.get(node) == "done":
            return
        if state.get(node) == "active":
            cycle = " → ".join(f"{c}" for c, _ in path + [node])
            raise RuleSetError(f"{ruleset.source}: các quy tắc phụ thuộc vòng tròn: {cycle}")
        state[node] = "active"
        for dep in deps[node]:
            visit(dep, path + [node])
        state[node] = "done"
        ordered.append((nodes[node], node[1]))

    for recipient in RECIPIENTS:  # people first: units read their members' verdicts
        for rule in ruleset.rules:
            if (rule.code, recipient) in nodes:
                visit((rule.code, recipient), [])
    return tuple(ordered)


def parse_ruleset(document: dict, *, source: str = "<rule set>") -> RuleSet:
    """Validate a rule set document and build the RuleSet; raises RuleSetError."""
    if not isinstance(document, dict):
        raise RuleSetError(f"{source}: tài liệu phải là một bảng")
    unknown = set(document) - {
        "code",
        "name",
        "legal_basis",
        "effective_from",
        "effective_to",
        "parameters",
        "common",
        "rules",
        "note",
    }
    if unknown:
        raise RuleSetError(f"{source}: khoá không hợp lệ {', '.join(sorted(unknown))}")
    code = _text(document, "code", source)
    parameters = _parameters(document.get("parameters"), source)
    for name, kind in ENGINE_PARAMETERS.items():  # read by the engine itself, not by a condition
        value = parameters[name].value if name in parameters else None
        problem = check_value(kind, value) if value is not None else None
        if problem:
            raise RuleSetError(f"{source}, tham số “{name}”: {problem}")
    effective_from = _date(document.get("effective_from"), f"{source}, effective_from")
    if effective_from is None:
        raise RuleSetError(f"{source}: thiếu “effective_from”")
    effective_to = _date(document.get("effective_to"), f"{source}, effective_to")
    if effective_to is not None and effective_to < effective_from:
        raise RuleSetError(f"{source}: “effective_to” trước “effective_from”")
    common_raw = document.get("common") or {}
    if not isinstance(common_raw, dict) or set(common_raw) - set(RECIPIENTS):
        raise RuleSetError(f"{source}: “common” là một bảng individual/collective → danh sách điều kiện")
    common = {
        r: tuple(
            _condition(c, f"{source}, điều kiện chung ({r}) {k}", parameters, r)
            for k, c in enumerate(common_raw.get(r) or [], 1)
        )
        for r in RECIPIENTS
    }
    rules_raw = document.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise RuleSetError(f"{source}: cần danh sách “rules”")
    rules = tuple(_rule(raw, n, source, parameters) for n, raw in enumerate(rules_raw, 1))
    seen = set()
    for rule in rules:
        if rule.code in seen:
            raise RuleSetError(f"{source}: quy tắc {rule.code} xuất hiện hai lần")
        seen.add(rule.code)
    ruleset = RuleSet(
        code=code,
        name=_text(document, "name", source),
        legal_basis=_text(document, "legal_basis", source),
        effective_from=effective_from,
        effective_to=effective_to,
        parameters=parameters,
        rules=rules,
        common=common,
        source=source,
        note=_text(document, "note", source, required=False),
        document=copy.deepcopy(document),
    )
    object.__setattr__(ruleset, "order", _order(ruleset))
    return ruleset
