"""The predicate vocabulary: every condition of every rule set is one of these.

Each predicate evaluates **column-wise** — one call returns the set (an integer bitset, see
``bits``) of every candidate of the table that meets it — and explains **one** candidate on
demand (the failed fact as a short Vietnamese phrase). Parameters arrive resolved (``$name``
already replaced by the rule set's value) and validated against ``params``.

Conventions shared by all:

* ``Y`` is the year judged and ``on`` the evaluation (cut-off) date, by default 31/12 of Y.
* After a discipline, achievements count from the end of its period (Decree 152/2025 art. 4):
  a year's rating or title counts only when the year began after the period ended. This is the
  ``counted`` mask; the rule set's ``discipline_reset_form`` parameter says from which form on.
* ``or_eligible``: a title of year Y that the council has not conferred yet counts when the
  candidate is eligible for it in this same evaluation (CSTĐ cơ sở "holds CSTT that year").
* ``after_own``: one achievement earns one title or form (Law 2022 art. 5) — only years after
  the last time the candidate received the very title or form being judged count.
"""

import abc
import datetime
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from itertools import compress

from eligibility.engine import bits
from eligibility.engine.vocabulary import (
    ACHIEVEMENT_KINDS,
    ACHIEVEMENT_LABELS,
    CHAIN_KINDS,
    COLLECTIVE,
    COMMENDATION_KINDS,
    COMMENDATION_LABELS,
    DISCIPLINE_FORMS,
    DISCIPLINE_LABELS,
    DISCIPLINE_RANK,
    FORMS,
    INDIVIDUAL,
    INITIATIVE_KIND_LABELS,
    INITIATIVE_KINDS,
    INITIATIVE_LEVELS,
    LEVEL_LABELS,
    LEVEL_RANK,
    PENDING_LABELS,
    RATING_LABELS,
    RATINGS,
    TITLES,
    code_name,
)

BOTH = (INDIVIDUAL, COLLECTIVE)


def fmt_date(day: datetime.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else "—"


def years_before(day: datetime.date, n: int) -> datetime.date:
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


def full_years(start: datetime.date, day: datetime.date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def span(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def fmt_number(value) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")


# Parameter types -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A predicate parameter: its type, whether it must be given, its default."""

    type: str
    required: bool = True
    default: object = None


def check_value(kind: str, value) -> str | None:
    """None when ``value`` fits the parameter type ``kind``, else what is wrong (Vietnamese)."""
    choices = {
        "rating": RATINGS,
        "title": tuple(TITLES),
        "award": tuple(FORMS),
        "form": DISCIPLINE_FORMS,
        "level": INITIATIVE_LEVELS,
        "achievement": ACHIEVEMENT_KINDS,
    }
    if kind in choices:
        if value not in choices[kind]:
            what = {"title": "mã danh hiệu", "award": "mã hình thức khen thưởng"}.get(kind, "giá trị")
            return f"{what} không hợp lệ: {value!r} (hợp lệ: {', '.join(choices[kind])})"
        return None
    if kind in ("initiative_kinds", "commendation_kinds"):
        allowed = INITIATIVE_KINDS if kind == "initiative_kinds" else COMMENDATION_KINDS
        if not isinstance(value, list | tuple) or not value or any(v not in allowed for v in value):
            return f"cần một danh sách khác rỗng lấy trong {', '.join(allowed)}, nhận {value!r}"
        return None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return f"cần một số nguyên không âm, nhận {value!r}"
        return None
    if kind == "positive":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"cần một số nguyên dương, nhận {value!r}"
        return None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return f"cần một số không âm, nhận {value!r}"
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else f"cần true hoặc false, nhận {value!r}"
    raise ValueError(f"Unknown parameter type {kind}")


# The evaluation context ------------------------------------------------------------------------


class Context:
    """What every predicate may read while one rule set is evaluated for one year."""

    def __init__(self, *, people, units, year: int, on: datetime.date, parameters: dict):
        self.people, self.units = people, units
        self.year, self.on = year, on
        self.parameters = parameters
        self.eligible: dict[tuple[str, str], int] = {}  # (rule code, recipient) → eligible set
        self.could: dict[tuple[str, str], int] = {}  # … eligible or postponed (a pending case)
        self.core_mode = False  # read ``could`` instead of ``eligible`` (see evaluate)
        # Set for the rule being evaluated:
        self.recipient = INDIVIDUAL
        self.own_code = ""
        self._counted: dict[int, int] = {}
        self._clean: dict[int, tuple[int, object]] | None = None
        self._own: dict[tuple[str, str], dict[int, int]] = {}
        self._unit_of: list[int] | None = None
        self._member_totals: Counter | None = None
        self._service: bytes | None = None
        self._memo: dict = {}

    def memo(self, key, compute):
        """``compute()`` once per evaluation for ``key`` (shared by rules and by explanations)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    @property
    def table(self):
        return self.people if self.recipient == INDIVIDUAL else self.units

    def years_back(self, n: int) -> list[int]:
        return list(range(self.year, self.year - n, -1))

    # Discipline: achievements count from the end of its period ---------------------------

    def clean_years(self) -> dict[int, tuple[int, object]]:
        """Person index → (last year that does not count, the discipline that causes it)."""
        if self._clean is None:
            self._clean = {}
            reset = self.parameters.get("discipline_reset_form", "khien_trach")
            if reset and self.people is not None:
                floor = DISCIPLINE_RANK[reset]
                for i, d in self.people.disciplines:
                    if (
                        d.decided_on <= self.on
                        and DISCIPLINE_RANK[d.form] >= floor
                        and (i not in self._clean or d.period_end.year > self._clean[i][0])
                    ):
                        self._clean[i] = (d.period_end.year, d)
        return self._clean

    def counted(self, year: int) -> int:
        """Candidates whose achievements of ``year`` count (all of them for units)."""
        if self.recipient == COLLECTIVE:
            return self.table.everyone
        found = self._counted.get(year)
        if found is None:
            blocked = [i for i, (last, _) in self.clean_years().items() if last >= year]
            found = self.people.everyone & ~bits.from_indices(self.people.n, blocked)
            self._counted[year] = found
        return found

    # The title or form being judged --------------------------------------------------------

    def own_held(self, year: int) -> int:
        """Candidates who received the title or form judged for ``year``."""
        table, code = self.table, self.own_code

        if code in TITLES:
            return table.title_bits(code, year)

        def compute():
            return bits.from_indices(table.n, [i for i, y in self._own_awards() if y == year])

        return self.memo(("own_held", self.recipient, code, year), compute)

    def _own_awards(self) -> list[tuple[int, int]]:
        code = self.own_code
        return self.memo(
            ("own_awards", self.recipient, code), lambda: [(i, a.year) for i, a in self.table.awards if a.code == code]
        )

    def own_last(self) -> dict[int, int]:
        """Candidate index → the last year before Y it received the title or form judged."""
        key = (self.recipient, self.own_code)
        found = self._own.get(key)
        if found is None:
            found = {}
            table = self.table
            if self.own_code in TITLES:
                for y in range(table.first_year, self.year):
                    for i in bits.to_indices(table.title_bits(self.own_code, y), table.n):
                        found[i] = y
            else:
                for i, y in self._own_awards():
                    if y < self.year and found.get(i, -1) < y:
                        found[i] = y
            self._own[key] = found
        return found

    def after_own(self, year: int) -> int:
        """Candidates for whom ``year`` comes after their last receipt of the judged code (before Y)."""
        table = self.table

        def compute():
            blocked = 0
            for y in range(year, self.year):
                blocked |= self.own_held(y)
            return table.everyone & ~blocked

        return self.memo(("after_own", self.recipient, self.own_code, year), compute)

    def title(self, code: str, year: int, or_eligible: bool) -> int:
        found = self.table.title_bits(code, year)
        if or_eligible and year == self.year:
            found |= (self.could if self.core_mode else self.eligible).get((code, self.recipient), 0)
        return found

    # Members of units ---------------------------------------------------------------------

    def unit_of(self) -> list[int]:
        """For each person, the index of its unit in the units table (−1 outside it)."""
        if self._unit_of is None:
            index = self.units.index if self.units is not None else {}
            self._unit_of = [index.get(u, -1) for u in self.people.unit_ids] if self.people is not None else []
        return self._unit_of

    def count_by_unit(self, people_bits: int) -> Counter:
        if self.people is None or self.people.n == 0:
            return Counter()
        return Counter(compress(self.unit_of(), bits.to_flags(people_bits, self.people.n)))

    def member_totals(self) -> Counter:
        if self._member_totals is None:
            self._member_totals = Counter(self.unit_of())
        return self._member_totals

    def service_years(self) -> bytes:
        """Full years of service of each person on ``on``, one byte each (capped at 255; 0 unknown)."""
        if self._service is None:
            on = self.on
            starts = self.people.service_start
            years = {s: min(max(full_years(s, on), 0), 255) if s is not None else 0 for s in set(starts)}
            self._service = bytes(map(years.__getitem__, starts))
        return self._service


# Predicates -----------------------------------------------------------------------------------


class Predicate(abc.ABC):
    name = ""
    recipients: tuple = BOTH
    params: dict[str, Spec] = {}

    def uses_own(self, p: dict) -> bool:
        """Whether the result depends on the code being judged (then it is not shared between rules)."""
        return False

    def reads_own(self, p: dict) -> bool:
        """Whether it reads the candidates' past receipts of the code being judged."""
        return self.uses_own(p)

    @abc.abstractmethod
    def describe(self, p: dict, ctx: Context) -> str:
        """The condition in plain Vietnamese, with its parameters filled in."""

    @abc.abstractmethod
    def evaluate(self, p: dict, ctx: Context) -> int:
        """The bitset of candidates that meet the condition."""

    @abc.abstractmethod
    def explain(self, p: dict, ctx: Context, i: int) -> str:
        """Why candidate ``i`` fails: the fact that failed."""

    def depends(self, p: dict, recipient: str) -> list[tuple[str, str]]:
        """The rules (code, recipient) whose eligibility this condition reads (``or_eligible``)."""
        return []

    def needs(self, p: dict, recipient: str, needs) -> None:  # noqa: B027 - a hook: most conditions read nothing extra
        """Record in ``needs`` which facts the condition reads."""


def _own_phrase(ctx: Context, i: int, first: int, own: bool) -> str:
    """Why years before ``first`` do not count for candidate i, when they do not."""
    notes = []
    last_own = ctx.own_last().get(i) if own and ctx.own_code else None
    if last_own is not None and last_own >= first - 1:
        notes.append(f"đã được tặng {code_name(ctx.own_code)} năm {last_own}, chỉ tính các năm sau đó")
    clean = ctx.clean_years().get(i) if ctx.recipient == INDIVIDUAL else None
    if clean is not None and clean[0] >= first - 1:
        d = clean[1]
        notes.append(
            f"bị {DISCIPLINE_LABELS[d.form].lower()} ngày {fmt_date(d.decided_on)}, thời hạn đến "
            f"{fmt_date(d.period_end)}: thành tích tính từ năm {clean[0] + 1}"
        )
    return "; ".join(notes)


def _year_blocked(ctx: Context, i: int, year: int, after_own: bool) -> str:
    clean = ctx.clean_years().get(i) if ctx.recipient == INDIVIDUAL else None
    if clean is not None and clean[0] >= year:
        return f"trong thời hạn kỷ luật (đến {fmt_date(clean[1].period_end)})"
    if after_own and any(bits.has(ctx.own_held(y), i) for y in range(year, ctx.year)):
        return f"đã dùng để được tặng {code_name(ctx.own_code)}"
    return ""


class RatingAtLeast(Predicate):
    """Rated at least ``rating`` in each of the ``years`` years ending Y (or holding ``or_title``)."""

    name = "rating_at_least"
    params = {"rating": Spec("rating"), "years": Spec("positive", False, 1), "or_title": Spec("title", False)}

    def describe(self, p, ctx):
        what = f"Xếp loại “{RATING_LABELS[p['rating']]}” trở lên"
        if p.get("or_title"):
            what += f" hoặc đạt danh hiệu {code_name(p['or_title'])}"
        if p["years"] == 1:
            return f"{what} năm {ctx.year}"
        return f"{what} {p['years']} năm liên tục ({span(ctx.year - p['years'] + 1, ctx.year)})"

    def _year(self, p, ctx, y):
        found = ctx.table.rating_at_least(y, p["rating"])
        if p.get("or_title"):
            found |= ctx.title(p["or_title"], y, False)
        return found & ctx.counted(y)

    def evaluate(self, p, ctx):
        found = ctx.table.everyone
        for y in ctx.years_back(p["years"]):
            found &= self._year(p, ctx, y)
        return found

    def explain(self, p, ctx, i):
        failed = []
        for y in sorted(ctx.years_back(p["years"])):
            if bits.has(self._year(p, ctx, y), i):
                continue
            blocked = _year_blocked(ctx, i, y, False)
            rating = ctx.table.rating_of(i, y)
            failed.append(f"{y}: {blocked or rating or 'chưa xếp loại'}")
        return "; ".join(failed)

    def needs(self, p, recipient, needs):
        needs.add_years(p["years"])
        needs.ratings(recipient)
        if p.get("or_title"):
            needs.titles(recipient, p["or_title"])


class ConsecutiveTitle(Predicate):
    """Held ``title`` in each of the ``years`` years ending Y."""

    name = "consecutive_title"
    params = {
        "title": Spec("title"),
        "years": Spec("positive"),
        "or_eligible": Spec("bool", False, False),
        "after_own": Spec("bool", False, False),
    }

    def uses_own(self, p):
        return bool(p.get("after_own"))

    def describe(self, p, ctx):
        return f"Đạt danh hiệu {code_name(p['title'])} {p['years']} năm liên tục đến năm {ctx.year}"

    def _year(self, p, ctx, y):
        found = ctx.title(p["title"], y, p["or_eligible"]) & ctx.counted(y)
        if p["after_own"]:
            found &= ctx.after_own(y)
        return found

    def evaluate(self, p, ctx):
        found = ctx.table.everyone
        for y in ctx.years_back(p["years"]):
            found &= self._year(p, ctx, y)
        return found

    def explain(self, p, ctx, i):
        run, y = 0, ctx.year
        while y >= ctx.table.first_year and bits.has(self._year(p, ctx, y), i):
            run, y = run + 1, y - 1
        text = f"{run} năm liên tục ({span(ctx.year - run + 1, ctx.year)})" if run else f"năm {ctx.year} chưa đạt"
        text += f", cần {p['years']}"
        note = _year_blocked(ctx, i, y, p["after_own"]) if run < p["years"] else ""
        if note:
            text += f" (năm {y} {note})"
        return text

    def depends(self, p, recipient):
        return [(p["title"], recipient)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        needs.add_years(p["years"])
        needs.titles(recipient, p["title"])


class HoldsTitle(ConsecutiveTitle):
    """Holds ``title`` in year Y."""

    name = "holds_title"
    params = {"title": Spec("title"), "or_eligible": Spec("bool", False, False)}

    def describe(self, p, ctx):
        return f"Đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"

    def _p(self, p):
        return {**p, "years": 1, "after_own": False}

    def evaluate(self, p, ctx):
        return super().evaluate(self._p(p), ctx)

    def explain(self, p, ctx, i):
        note = _year_blocked(ctx, i, ctx.year, False)
        missing = "chưa đạt và chưa đủ điều kiện" if p["or_eligible"] else "chưa đạt"
        return f"năm {ctx.year} " + (note or f"{missing} {code_name(p['title'])}")

    def needs(self, p, recipient, needs):
        super().needs(self._p(p), recipient, needs)


class TitleCount(Predicate):
    """Held ``title`` at least ``times`` times in the ``years`` years ending Y."""

    name = "title_count"
    params = {
        "title": Spec("title"),
        "times": Spec("positive"),
        "years": Spec("positive"),
        "or_eligible": Spec("bool", False, False),
        "after_own": Spec("bool", False, False),
    }

    def uses_own(self, p):
        return bool(p.get("after_own"))

    def describe(self, p, ctx):
        return (
            f"Đạt danh hiệu {code_name(p['title'])} ít nhất {p['times']} lần trong {p['years']} năm "
            f"({span(ctx.year - p['years'] + 1, ctx.year)})"
        )

    def _year(self, p, ctx, y):
        found = ctx.title(p["title"], y, p["or_eligible"]) & ctx.counted(y)
        return found & ctx.after_own(y) if p["after_own"] else found

    def evaluate(self, p, ctx):
        counter = bits.AtLeast(p["times"])
        for y in ctx.years_back(p["years"]):
            counter.add(self._year(p, ctx, y))
        return counter.reached(p["times"], ctx.table.everyone)

    def explain(self, p, ctx, i):
        held = [y for y in sorted(ctx.years_back(p["years"])) if bits.has(self._year(p, ctx, y), i)]
        text = f"{len(held)} lần ({', '.join(map(str, held))})" if held else "0 lần"
        note = _own_phrase(ctx, i, ctx.year - p["years"] + 1, p["after_own"])
        return f"{text}, cần {p['times']}" + (f" ({note})" if note else "")

    def depends(self, p, recipient):
        return [(p["title"], recipient)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        needs.add_years(p["years"])
        needs.titles(recipient, p["title"])


def _awards_before(ctx: Context, code: str, kinds) -> dict:
    """Candidate index → its latest award ``code`` of the allowed kinds for a year before Y,
    decided by the evaluation date."""

    def compute():
        latest = {}
        for i, award in ctx.table.awards:
            if (
                award.code == code
                and award.year < ctx.year
                and award.kind in kinds
                and (award.decided_on is None or award.decided_on <= ctx.on)
                and (i not in latest or award.year > latest[i].year)
            ):
                latest[i] = award
        return latest

    return ctx.memo(("awards_before", ctx.recipient, code, tuple(kinds)), compute)


class HoldsAwardBefore(Predicate):
    """Received ``award`` for a year before Y (ad-hoc and thematic awards do not count by default)."""

    name = "holds_award_before"
    params = {"award": Spec("award"), "kinds": Spec("commendation_kinds", False, list(CHAIN_KINDS))}

    def describe(self, p, ctx):
        return f"Đã được tặng {code_name(p['award'])} trước năm {ctx.year}"

    def evaluate(self, p, ctx):
        return bits.from_indices(ctx.table.n, _awards_before(ctx, p["award"], p["kinds"]))

    def explain(self, p, ctx, i):
        other = [a for a in ctx.table.rows_of("awards", i) if a.code == p["award"]]
        if not other:
            return f"chưa được tặng {code_name(p['award'])}"
        return "; ".join(
            f"{code_name(a.code)} năm {a.year} ({COMMENDATION_LABELS.get(a.kind, a.kind)}"
            + (f", quyết định ngày {fmt_date(a.decided_on)}" if a.decided_on else "")
            + ") không được tính"
            for a in other
        )

    def needs(self, p, recipient, needs):
        needs.awards(recipient, p["award"])


class LacksAward(Predicate):
    """Has not received ``award`` yet (seniority medals are given once)."""

    name = "lacks_award"
    params = {"award": Spec("award")}

    def _held(self, p, ctx) -> dict:
        def compute():
            found = {}
            for i, a in ctx.table.awards:
                if a.code == p["award"] and a.year <= ctx.year and (a.decided_on is None or a.decided_on <= ctx.on):
                    found.setdefault(i, a)
            return found

        return ctx.memo(("held", ctx.recipient, p["award"]), compute)

    def describe(self, p, ctx):
        return f"Chưa được tặng {code_name(p['award'])}"

    def evaluate(self, p, ctx):
        return ctx.table.everyone & ~bits.from_indices(ctx.table.n, self._held(p, ctx))

    def explain(self, p, ctx, i):
        a = self._held(p, ctx)[i]
        return f"đã được tặng năm {a.year}" + (f" (quyết định ngày {fmt_date(a.decided_on)})" if a.decided_on else "")

    def needs(self, p, recipient, needs):
        needs.awards(recipient, p["award"])


class ChainSinceAward(Predicate):
    """Since ``award`` (or the last receipt of the form judged, whichever is later): a run of at
    least ``years`` consecutive years ending Y, each rated at least ``rating`` (and holding
    ``every_year_title`` when given), with at least ``title_times`` years holding ``title`` and
    at least ``excellent_years`` years rated HTXSNV inside the run."""

    name = "chain_since_award"
    params = {
        "award": Spec("award"),
        "years": Spec("positive"),
        "rating": Spec("rating", False),
        "every_year_title": Spec("title", False),
        "title": Spec("title", False),
        "title_times": Spec("int", False, 0),
        "excellent_years": Spec("int", False, 0),
        "or_eligible": Spec("bool", False, False),
        "kinds": Spec("commendation_kinds", False, list(CHAIN_KINDS)),
    }

    def uses_own(self, p):
        return True

    def describe(self, p, ctx):
        text = f"Sau khi được tặng {code_name(p['award'])}: {p['years']} năm liên tục trở lên"
        if p.get("rating"):
            text += f" xếp loại “{RATING_LABELS[p['rating']]}” trở lên"
        if p.get("every_year_title"):
            text += f", mỗi năm đạt danh hiệu {code_name(p['every_year_title'])}"
        extra = []
        if p.get("title") and p["title_times"]:
            extra.append(f"{p['title_times']} lần đạt danh hiệu {code_name(p['title'])}")
        if p["excellent_years"]:
            extra.append(f"{p['excellent_years']} năm hoàn thành xuất sắc nhiệm vụ")
        return text + (", trong đó có " + " và ".join(extra) if extra else "")

    def _starts(self, p, ctx) -> dict[int, int]:
        """Candidate index → the year after which its chain may start."""
        starts = {i: a.year for i, a in _awards_before(ctx, p["award"], p["kinds"]).items()}
        if ctx.own_code and ctx.own_code != p["award"]:
            for i, y in ctx.own_last().items():
                if i in starts and y > starts[i]:
                    starts[i] = y
        return starts

    def _year_ok(self, p, ctx, y):
        ok = ctx.counted(y)
        if p.get("rating"):
            ok &= ctx.table.rating_at_least(y, p["rating"])
        if p.get("every_year_title"):
            ok &= ctx.title(p["every_year_title"], y, p["or_eligible"])
        return ok

    def evaluate(self, p, ctx):
        table = ctx.table
        starts = self._starts(p, ctx)
        by_start: dict[int, list[int]] = {}
        for i, s in starts.items():
            by_start.setdefault(s, []).append(i)
        run = bits.from_indices(table.n, starts)  # holders of the award; shrinks year by year
        titles = bits.AtLeast(p["title_times"])
        excellent = bits.AtLeast(p["excellent_years"])
        long_enough = 0
        for depth, y in enumerate(range(ctx.year, table.first_year - 1, -1), 1):
            # Those whose award came in year ≥ y leave the run here: y is not after their award.
            for s in [s for s in by_start if s >= y]:
                run &= ~bits.from_indices(table.n, by_start.pop(s))
            run &= self._year_ok(p, ctx, y)
            if not run:
                break
            if p.get("title") and p["title_times"]:
                titles.add(ctx.title(p["title"], y, p["or_eligible"]) & run)
            if p["excellent_years"]:
                excellent.add(ctx.table.rating_at_least(y, "HTXSNV") & ctx.counted(y) & run)
            if depth == p["years"]:
                long_enough = run
        found = long_enough
        if p.get("title") and p["title_times"]:
            found &= titles.reached(p["title_times"], table.everyone)
        if p["excellent_years"]:
            found &= excellent.reached(p["excellent_years"], table.everyone)
        return found

    def explain(self, p, ctx, i):
        award = _awards_before(ctx, p["award"], p["kinds"]).get(i)
        if award is None:
            return f"chưa được tặng {code_name(p['award'])} (công trạng) trước năm {ctx.year}"
        start = self._starts(p, ctx)[i]
        parts = [f"{code_name(p['award'])} năm {award.year}"]
        if start != award.year:
            parts.append(f"{code_name(ctx.own_code)} năm {start}")
        run_years = []
        for y in range(ctx.year, max(start, ctx.table.first_year - 1), -1):
            if not bits.has(self._year_ok(p, ctx, y), i):
                break
            run_years.append(y)
        problems = []
        if len(run_years) < p["years"]:
            first = ctx.year - len(run_years) + 1
            got = f"{len(run_years)} năm liên tục ({span(first, ctx.year)})" if run_years else "0 năm"
            breaker = first - 1
            why = ""
            if breaker > start and breaker >= ctx.table.first_year:
                why = _year_blocked(ctx, i, breaker, False) or (
                    f"xếp loại {ctx.table.rating_of(i, breaker) or 'chưa có'}"
                )
                why = f"; năm {breaker}: {why}"
            problems.append(f"sau đó {got}, cần {p['years']}{why}")
        if p.get("title") and p["title_times"]:
            held = sum(1 for y in run_years if bits.has(ctx.title(p["title"], y, p["or_eligible"]), i))
            if held < p["title_times"]:
                problems.append(f"{held} lần {code_name(p['title'])}, cần {p['title_times']}")
        if p["excellent_years"]:
            held = sum(1 for y in run_years if ctx.table.rating_of(i, y) == "HTXSNV")
            if held < p["excellent_years"]:
                problems.append(f"{held} năm HTXSNV, cần {p['excellent_years']}")
        return "; ".join(parts) + ": " + "; ".join(problems or ["không đủ điều kiện"])

    def depends(self, p, recipient):
        refs = [p[k] for k in ("title", "every_year_title") if p.get(k)] if p["or_eligible"] else []
        return [(code, recipient) for code in refs]

    def needs(self, p, recipient, needs):
        needs.add_years(needs.history)
        needs.awards(recipient, p["award"])
        if p.get("rating") or p["excellent_years"]:
            needs.ratings(recipient)
        for key in ("title", "every_year_title"):
            if p.get(key):
                needs.titles(recipient, p[key])


class InitiativesUnused(Predicate):
    """At least ``count`` initiatives of level ≥ ``level`` (of the given ``kinds``) recognised in
    the ``within_years`` years up to the evaluation date and not used for another title."""

    name = "initiatives_unused"
    recipients = (INDIVIDUAL,)
    params = {
        "level": Spec("level", False, "co_so"),
        "count": Spec("positive", False, 1),
        "within_years": Spec("positive", False, 1),
        "kinds": Spec("initiative_kinds", False, list(INITIATIVE_KINDS)),
    }

    def uses_own(self, p):
        return True

    def reads_own(self, p):
        return False  # it only compares the code with what each initiative was used for

    def _kinds(self, p):
        if set(p["kinds"]) == set(INITIATIVE_KINDS):
            return "sáng kiến, đề tài hoặc giải pháp chiến đấu"
        return " hoặc ".join(INITIATIVE_KIND_LABELS[k] for k in p["kinds"])

    def describe(self, p, ctx):
        since = years_before(ctx.on, p["within_years"])
        return (
            f"Có {p['count']} {self._kinds(p)} {LEVEL_LABELS[p['level']]} trở lên được công nhận từ "
            f"{fmt_date(since + datetime.timedelta(days=1))} đến {fmt_date(ctx.on)}, chưa dùng để xét "
            f"danh hiệu, hình thức khác"
        )

    def _usable(self, p, ctx, initiative) -> str:
        """'' when the initiative counts, else why not."""
        if LEVEL_RANK[initiative.level] < LEVEL_RANK[p["level"]]:
            return f"chỉ {LEVEL_LABELS[initiative.level]}"
        if initiative.kind not in p["kinds"]:
            return f"là {INITIATIVE_KIND_LABELS[initiative.kind]}"
        if not (years_before(ctx.on, p["within_years"]) < initiative.recognised_on <= ctx.on):
            return f"công nhận ngày {fmt_date(initiative.recognised_on)}, ngoài thời gian xét"
        if initiative.used_for and not (initiative.used_for == ctx.own_code and initiative.used_year == ctx.year):
            return f"đã dùng để đạt {code_name(initiative.used_for)} năm {initiative.used_year}"
        return ""

    def evaluate(self, p, ctx):
        since, on, year, own = years_before(ctx.on, p["within_years"]), ctx.on, ctx.year, ctx.own_code
        floor, kinds = LEVEL_RANK[p["level"]], set(p["kinds"])
        counts = Counter(
            i
            for i, ini in ctx.people.initiatives
            if LEVEL_RANK[ini.level] >= floor
            and ini.kind in kinds
            and since < ini.recognised_on <= on
            and (not ini.used_for or (ini.used_for == own and ini.used_year == year))
        )
        return bits.from_indices(ctx.people.n, [i for i, c in counts.items() if c >= p["count"]])

    def explain(self, p, ctx, i):
        rows = ctx.people.rows_of("initiatives", i)
        usable = [ini for ini in rows if not self._usable(p, ctx, ini)]
        text = f"{len(usable)} {self._kinds(p)} đạt yêu cầu, cần {p['count']}"
        rejected = [f"“{ini.title or ini.id}” {self._usable(p, ctx, ini)}" for ini in rows if self._usable(p, ctx, ini)]
        return text + (f" ({'; '.join(rejected)})" if rejected else "")

    def needs(self, p, recipient, needs):
        needs.initiatives = True
        needs.add_years(p["within_years"] + 1)  # the window may start in the year before


def _disciplined(ctx: Context, form: str, years: int) -> dict[int, object]:
    """Person index → a discipline of ``form`` or heavier decided in the ``years`` years to ``on``."""

    def compute():
        since, floor = years_before(ctx.on, years), DISCIPLINE_RANK[form]
        found = {}
        for i, d in ctx.people.disciplines:
            if (
                since < d.decided_on <= ctx.on
                and DISCIPLINE_RANK[d.form] >= floor
                and (i not in found or d.decided_on > found[i].decided_on)
            ):
                found[i] = d
        return found

    return ctx.memo(("disciplined", form, years), compute)


class NoDiscipline(Predicate):
    """No discipline of ``form`` or heavier decided within the ``years`` years up to ``on``."""

    name = "no_discipline"
    recipients = (INDIVIDUAL,)
    params = {"form": Spec("form", False, "khien_trach"), "years": Spec("positive", False, 1)}

    def describe(self, p, ctx):
        since = years_before(ctx.on, p["years"]) + datetime.timedelta(days=1)
        return (
            f"Không bị kỷ luật từ hình thức {DISCIPLINE_LABELS[p['form']].lower()} trở lên từ {fmt_date(since)} "
            f"đến {fmt_date(ctx.on)}"
        )

    def evaluate(self, p, ctx):
        return ctx.people.everyone & ~bits.from_indices(ctx.people.n, _disciplined(ctx, p["form"], p["years"]))

    def explain(self, p, ctx, i):
        d = _disciplined(ctx, p["form"], p["years"])[i]
        return f"{DISCIPLINE_LABELS[d.form]} ngày {fmt_date(d.decided_on)} (thời hạn đến {fmt_date(d.period_end)})"

    def needs(self, p, recipient, needs):
        needs.disciplines = True


class NoPendingCase(Predicate):
    """No disciplinary review, inspection or complaint pending on the evaluation date: a failure
    postpones the candidate instead of rejecting it."""

    name = "no_pending_case"
    recipients = (INDIVIDUAL,)
    params = {}
    postpones = True

    def describe(self, p, ctx):
        return "Không đang bị xem xét kỷ luật, thanh tra, kiểm tra hoặc giải quyết khiếu nại, tố cáo"

    def _open(self, ctx):
        def compute():
            found = {}
            for i, case in ctx.people.pending:
                if case.open_on(ctx.on):
                    found.setdefault(i, case)
            return found

        return ctx.memo("pending", compute)

    def evaluate(self, p, ctx):
        return ctx.people.everyone & ~bits.from_indices(ctx.people.n, self._open(ctx))

    def explain(self, p, ctx, i):
        case = self._open(ctx)[i]
        return f"{PENDING_LABELS[case.kind]} từ ngày {fmt_date(case.opened_on)}"

    def needs(self, p, recipient, needs):
        needs.pending = True


class _MemberPredicate(Predicate):
    recipients = (COLLECTIVE,)

    def per_unit(self, p, ctx, counts: Counter, stat) -> int:
        """The set of units meeting the test, members counted from the people table or, for a
        unit with pre-aggregated counts, from those (``stat(stats) -> count``)."""
        totals = ctx.member_totals()
        ok = []
        for u in range(ctx.units.n):
            stats = ctx.units.member_stats.get(u)
            if stats is not None:
                members, count = stats.members, stat(stats)
            else:
                members, count = totals.get(u, 0), counts.get(u, 0)
            if self.test(p, members, count):
                ok.append(u)
        return bits.from_indices(ctx.units.n, ok)

    def member_figures(self, p, ctx, i, people_bits, stat) -> tuple[int, int]:
        stats = ctx.units.member_stats.get(i)
        if stats is not None:
            return stats.members, stat(stats)
        return ctx.member_totals().get(i, 0), ctx.count_by_unit(people_bits).get(i, 0)

    @abc.abstractmethod
    def test(self, p, members: int, count: int) -> bool:
        """Whether a unit with ``members`` members, ``count`` of them matching, passes."""

    def needs(self, p, recipient, needs):
        needs.members = True


def _holders(p, ctx) -> int:
    found = ctx.people.title_bits(p["title"], ctx.year) if ctx.people is not None else 0
    if p.get("or_eligible"):
        found |= ctx.eligible.get((p["title"], INDIVIDUAL), 0)
    return found


class MemberShareHolding(_MemberPredicate):
    """At least (``strict``: more than) ``percent`` % of the unit's members hold ``title`` in Y."""

    name = "member_share_holding"
    params = {
        "title": Spec("title"),
        "percent": Spec("number"),
        "strict": Spec("bool", False, False),
        "or_eligible": Spec("bool", False, False),
    }

    def describe(self, p, ctx):
        how = "Trên" if p["strict"] else "Ít nhất"
        return (
            f"{how} {fmt_number(p['percent'])} % cán bộ của đơn vị đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"
        )

    def test(self, p, members, count):
        if members == 0:
            return False
        share, need = Fraction(count * 100, members), Fraction(str(p["percent"]))
        return share > need if p["strict"] else share >= need

    def _stat(self, p):
        return lambda s: s.titles.get(p["title"], 0)

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(_holders(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        members, count = self.member_figures(p, ctx, i, _holders(p, ctx), self._stat(p))
        if not members:
            return "không có dữ liệu cán bộ của đơn vị"
        share = fmt_number(round(count * 100 / members, 1))
        sign = ">" if p["strict"] else "≥"
        return (
            f"{count}/{members} cán bộ ({share} %) đạt {code_name(p['title'])}, cần {sign} {fmt_number(p['percent'])} %"
        )

    def depends(self, p, recipient):
        return [(p["title"], INDIVIDUAL)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.titles(INDIVIDUAL, p["title"])


class EveryMemberRatedAtLeast(_MemberPredicate):
    name = "every_member_rated_at_least"
    params = {"rating": Spec("rating")}

    def describe(self, p, ctx):
        return f"100 % cán bộ của đơn vị xếp loại “{RATING_LABELS[p['rating']]}” trở lên năm {ctx.year}"

    def test(self, p, members, count):
        return members > 0 and count == members

    def _bits(self, p, ctx):
        return ctx.people.rating_at_least(ctx.year, p["rating"]) if ctx.people is not None else 0

    def _stat(self, p):
        return lambda s: s.rated_at_least(p["rating"])

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(self._bits(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        members, count = self.member_figures(p, ctx, i, self._bits(p, ctx), self._stat(p))
        if not members:
            return "không có dữ liệu cán bộ của đơn vị"
        return f"{count}/{members} cán bộ xếp loại {p['rating']} trở lên"

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.ratings(INDIVIDUAL)


class MembersHoldingAtLeast(_MemberPredicate):
    name = "members_holding_at_least"
    params = {"title": Spec("title"), "count": Spec("positive"), "or_eligible": Spec("bool", False, False)}

    def describe(self, p, ctx):
        return f"Có ít nhất {p['count']} cá nhân đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"

    def test(self, p, members, count):
        return count >= p["count"]

    def _stat(self, p):
        return lambda s: s.titles.get(p["title"], 0)

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(_holders(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        _, count = self.member_figures(p, ctx, i, _holders(p, ctx), self._stat(p))
        return f"{count} cá nhân đạt {code_name(p['title'])}, cần {p['count']}"

    def depends(self, p, recipient):
        return [(p["title"], INDIVIDUAL)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.titles(INDIVIDUAL, p["title"])


class NoMemberDiscipline(_MemberPredicate):
    """No member disciplined at ``form`` or heavier within the ``years`` years up to ``on``."""

    name = "no_member_discipline"
    params = {"form": Spec("form"), "years": Spec("positive", False, 1)}

    def describe(self, p, ctx):
        return (
            f"Không có cán bộ bị kỷ luật từ hình thức {DISCIPLINE_LABELS[p['form']].lower()} trở lên trong "
            f"{'năm ' + str(ctx.year) if p['years'] == 1 else str(p['years']) + ' năm đến năm ' + str(ctx.year)}"
        )

    def test(self, p, members, count):
        return count == 0

    def _bits(self, p, ctx):
        if ctx.people is None:
            return 0
        return bits.from_indices(ctx.people.n, _disciplined(ctx, p["form"], p["years"]))

    def _stat(self, p):
        return lambda s: s.disciplined_at_least(p["form"])

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(self._bits(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        _, count = self.member_figures(p, ctx, i, self._bits(p, ctx), self._stat(p))
        return f"{count} cán bộ bị kỷ luật từ {DISCIPLINE_LABELS[p['form']].lower()} trở lên"

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.disciplines = True


@cache
def _at_least_table(threshold: int) -> bytes:
    """A ``bytes.translate`` table mapping a byte value to 1 when ≥ ``threshold``, else 0."""
    return bytes(1 if v >= threshold else 0 for v in range(256))


class YearsOfService(Predicate):
    """At least ``male`` (men) or ``female`` (women; default as men) full years of service on the
    evaluation date; with ``hardship`` the years are multiplied by the person's hardship factor."""

    name = "years_of_service"
    recipients = (INDIVIDUAL,)
    params = {"male": Spec("positive"), "female": Spec("positive", False), "hardship": Spec("bool", False, False)}

    def describe(self, p, ctx):
        text = f"Có từ {p['male']} năm công tác trở lên"
        if p.get("female") and p["female"] != p["male"]:
            text = f"Có từ {p['male']} năm (nam) hoặc {p['female']} năm (nữ) công tác trở lên"
        if p["hardship"]:
            text += ", thời gian ở địa bàn khó khăn tính theo hệ số"
        return f"{text} tính đến ngày {fmt_date(ctx.on)}"

    def evaluate(self, p, ctx):
        people = ctx.people
        service = ctx.service_years()
        need_m, need_f = p["male"], p.get("female") or p["male"]
        men = bits.from_flags(service.translate(_at_least_table(need_m)))
        women = bits.from_flags(service.translate(_at_least_table(need_f)))
        found = (men & ~people.female) | (women & people.female)
        if p["hardship"]:
            for i, factor in people.hardship.items():  # few: recompute them one by one
                start = people.service_start[i]
                need = need_f if bits.has(people.female, i) else need_m
                ok = start is not None and full_years(start, ctx.on) * factor >= need
                found = found | (1 << i) if ok else found & ~(1 << i)
        return found

    def explain(self, p, ctx, i):
        start = ctx.people.service_start[i]
        if start is None:
            return "chưa có ngày vào ngành"
        years = full_years(start, ctx.on)
        female = bits.has(ctx.people.female, i)
        need = (p.get("female") or p["male"]) if female else p["male"]
        text = f"{years} năm công tác (vào ngành {fmt_date(start)})"
        factor = ctx.people.hardship.get(i, 1.0)
        if p["hardship"] and factor != 1.0:
            text += f", quy đổi hệ số {fmt_number(factor)}: {fmt_number(years * factor)} năm"
        return f"{text}, cần {need}{' (nữ)' if female and p.get('female') else ''}"

    def needs(self, p, recipient, needs):
        needs.service = True


class LeadsBlock(Predicate):
    """The unit's final rank in its block is ``max_rank`` or better and, when given, its vote
    share is above ``vote_share_above`` (0–1)."""

    name = "leads_block"
    recipients = (COLLECTIVE,)
    params = {"max_rank": Spec("positive", False, 1), "vote_share_above": Spec("number", False)}

    def describe(self, p, ctx):
        text = (
            "Dẫn đầu khối, cụm thi đua"
            if p["max_rank"] == 1
            else (f"Xếp hạng từ thứ 1 đến thứ {p['max_rank']} trong khối, cụm thi đua")
        )
        if p.get("vote_share_above") is not None:
            text += f", được trên {fmt_number(round(p['vote_share_above'] * 100, 1))} % phiếu suy tôn"
        return f"{text} năm {ctx.year}"

    def _ok(self, p, standing) -> bool:
        if standing is None or standing.rank > p["max_rank"]:
            return False
        threshold = p.get("vote_share_above")
        return threshold is None or (standing.vote_share is not None and standing.vote_share > threshold)

    def evaluate(self, p, ctx):
        return bits.from_indices(ctx.units.n, [u for u, s in ctx.units.blocks.items() if self._ok(p, s)])

    def explain(self, p, ctx, i):
        s = ctx.units.blocks.get(i)
        if s is None:
            return "chưa có kết quả xếp hạng, suy tôn của khối"
        text = f"xếp thứ {s.rank}/{s.members}" + (f" trong {s.block}" if s.block else "")
        if s.vote_share is not None:
            text += f", {fmt_number(round(s.vote_share * 100, 1))} % phiếu suy tôn"
        return text

    def needs(self, p, recipient, needs):
        needs.blocks = True


class AchievementRecorded(Predicate):
    """An achievement of ``kind`` recorded for the candidate in year Y."""

    name = "achievement_recorded"
    params = {"kind": Spec("achievement")}

    def describe(self, p, ctx):
        label = ACHIEVEMENT_LABELS[p["kind"]]
        return f"Có {label} được ghi nhận năm {ctx.year}"

    def evaluate(self, p, ctx):
        return ctx.table.achievement_bits(p["kind"], ctx.year)

    def explain(self, p, ctx, i):
        return f"chưa ghi nhận {ACHIEVEMENT_LABELS[p['kind']]} năm {ctx.year}"

    def needs(self, p, recipient, needs):
        needs.achievements = True


REGISTRY: dict[str, Predicate] = {
    cls.name: cls()
    for cls in (
        RatingAtLeast,
        HoldsTitle,
        ConsecutiveTitle,
        TitleCount,
        HoldsAwardBefore,
        LacksAward,
        ChainSinceAward,
        InitiativesUnused,
        NoDiscipline,
        NoPendingCase,
        MemberShareHolding,
        EveryMemberRatedAtLeast,
        MembersHoldingAtLeast,
        NoMemberDiscipline,
        YearsOfService,
        LeadsBlock,
        AchievementRecorded,
    )
}
