"""A creator's brief: what one creator is sent, in plain words, and nothing about anyone else.

Built on the creator's calendar (``rules.enforce.Enforcer.calendar``: her commitments, her signed bookings
and the roster of record's bookings), so the brief and the calendar never disagree.  Each restriction is
said with the house's words (``rules.words``) and made concrete from the scenario's relations: which
brands are the competitors, which categories are the same or related, which are adjacent.

No fee is in the brief: a brief is about dates and what not to promote, and it is often passed on to a
manager or an editor; the fee is in the creator's contract.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote

from ..models.brief import Brief, BriefPost, BriefRestriction
from ..models.enforcement import Calendar, CalendarEntry, CalendarPost
from ..rules import words
from ..rules.enforce import Enforcer
from ..rules.relations import Relations


def _post(post: CalendarPost) -> BriefPost:
    mine = post.booking == "campaign"
    if not mine:
        note = "existing deal: date fixed"
    elif post.signed:
        note = "signed: date fixed"
    else:
        note = "planned"
    return BriefPost(day=post.day, weekday=post.day.strftime("%A"), brand=post.brand,
                     campaign=post.with_ if mine else None, commitment=None if mine else post.with_,
                     signed=post.signed, note=note)


def _why(entry: CalendarEntry, signed: set[str]) -> str:
    if entry.booking == "commitment":
        return f"your existing deal {entry.with_} with {entry.brand}"
    return f"your {'signed ' if entry.with_ in signed else ''}booking with {entry.brand} for {entry.with_}"


def _where(regions: list[str], platforms: Optional[list[str]]) -> str:
    on = ", ".join(platforms) if platforms is not None else "every platform"
    return f"in {', '.join(regions)}; on {on}"


def _restriction(relations: Relations, categories: list[str], entry: CalendarEntry,
                 signed: set[str]) -> BriefRestriction:
    """One phase the creator is bound by, made concrete: the named competitors and categories it covers."""
    rivals = sorted(b for b in relations.competition.neighbors(entry.brand) if b not in entry.exceptions)
    same = [c for c in categories if relations.overlap(entry.category, c)] if entry.level != "competitors" else []
    near = [c for c in categories if relations.adjacent(entry.category, c)] if entry.level == "full" else []
    return BriefRestriction(
        start=entry.start, end=entry.end, level=entry.level, level_words=words.LEVEL_NAMES[entry.level],
        blocked=words.blocked_words(entry.level, entry.brand, entry.category), competitors=rivals,
        categories=same, adjacent=near, regions=entry.regions, platforms=entry.platforms,
        where=_where(entry.regions, entry.platforms), exceptions=entry.exceptions, why=_why(entry, signed),
        booking=entry.booking, with_=entry.with_, brand=entry.brand)


def brief_of(enforcer: Enforcer, creator_id: str, scenario_id: str) -> Brief:
    """The creator's brief from the enforcer's bookings; KeyError for an unknown creator."""
    calendar: Calendar = enforcer.calendar(creator_id, scenario_id)
    signed = {p.with_ for p in calendar.posts if p.booking == "campaign" and p.signed}
    categories = [c.id for c in enforcer.scenario.categories]
    return Brief(
        creator=creator_id, scenario=scenario_id, scenario_name=enforcer.scenario.name,
        posts=[_post(p) for p in calendar.posts],
        restrictions=[_restriction(enforcer.relations, categories, e, signed) for e in calendar.entries],
        calendar=f"/creators/{quote(creator_id, safe='')}/calendar.ics?scenario={quote(scenario_id, safe='')}")
