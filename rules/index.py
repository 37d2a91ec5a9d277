"""A scenario with its lookups: ids to objects and positions, relations, settings."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Mapping, Optional

from ..models import Campaign, CampaignExclusivity, Commitment, Creator, Scenario, Settings
from ..models.paths import FieldPath, at
from . import contract
from .relations import Relations


class ScenarioIndex:
    """The scenario's lookups, and optionally clauses negotiated for single bookings.

    ``clauses`` maps (creator, campaign) to the exclusivity that binds that one booking instead of the
    campaign's (a per-creator offer, ``roster options --creator``): its fee, premium and phases follow it,
    everything else stays the campaign's.  scenario/1 itself has one clause per campaign.
    """

    def __init__(self, scenario: Scenario, clauses: Optional[Mapping[tuple[str, str], CampaignExclusivity]] = None):
        self.scenario = scenario
        self.clauses = dict(clauses or {})
        self.settings: Settings = scenario.effective_settings
        self.relations = Relations(scenario)
        self.creators: dict[str, Creator] = {c.id: c for c in scenario.creators}
        self.campaigns: dict[str, Campaign] = {k.id: k for k in scenario.campaigns}
        self.creator_pos = {c.id: i for i, c in enumerate(scenario.creators)}
        self.campaign_pos = {k.id: i for i, k in enumerate(scenario.campaigns)}
        self._rates: dict = {}
        self._days: dict = {}
        self._weights: dict = {}
        self._engagement: dict = {}
        self.commitments_of: dict[str, list[tuple[int, Commitment]]] = defaultdict(list)
        for i, m in enumerate(scenario.commitments):
            self.commitments_of[m.creator].append((i, m))

    @cached_property
    def commitment_bookings(self) -> dict[str, list[contract.Booking]]:
        """Commitments as bookings, by creator."""
        out: dict[str, list[contract.Booking]] = defaultdict(list)
        for i, m in enumerate(self.scenario.commitments):
            out[m.creator].append(contract.commitment_booking(m, i))
        return out

    def campaign_for(self, creator_id: str, campaign_id: str) -> Campaign:
        """The campaign as it binds this creator: with her own negotiated clause when ``clauses`` has one."""
        clause = self.clauses.get((creator_id, campaign_id))
        campaign = self.campaigns[campaign_id]
        return campaign if clause is None else campaign.model_copy(update={"exclusivity": clause})

    def campaign_booking(self, creator_id: str, campaign_id: str, posts) -> contract.Booking:
        return contract.campaign_booking(self.creators[creator_id], self.campaign_for(creator_id, campaign_id),
                                      self.campaign_pos[campaign_id], posts)

    def fee(self, creator_id: str, campaign_id: str) -> int:
        """``rules.fee`` with the per-creator rates and per-campaign days computed once."""
        if (creator_id, campaign_id) in self.clauses:
            return contract.fee(self.creators[creator_id], self.campaign_for(creator_id, campaign_id), self.settings)
        creator, campaign = self.creators[creator_id], self.campaigns[campaign_id]
        if creator_id not in self._rates:
            self._rates[creator_id] = contract.premium_rates(creator, self.settings)
        if campaign_id not in self._days:
            self._days[campaign_id] = contract.premium_days_by_level(campaign)
        return contract.fee_from(creator.fee_per_post, campaign.posts_per_creator, self._rates[creator_id],
                              self._days[campaign_id])

    def value(self, creator_id: str, campaign_id: str) -> int:
        """``rules.value`` with the exact weights and rates converted once."""
        creator, campaign = self.creators[creator_id], self.campaigns[campaign_id]
        if campaign_id not in self._weights:
            self._weights[campaign_id] = contract.exact(campaign.weight) * campaign.posts_per_creator
        if creator_id not in self._engagement:
            self._engagement[creator_id] = contract.exact(creator.engagement_rate)
        return contract.value_from(self._weights[campaign_id], self._engagement[creator_id],
                                contract.reach(creator, campaign), campaign.preferred_creators.get(creator_id))

    def ineligibility(self, creator_id: str, campaign_id: str):
        return contract.ineligibility(self.creators[creator_id], self.campaigns[campaign_id])

    def campaign_path(self, campaign_id: str) -> FieldPath:
        return at("campaigns", self.campaign_pos[campaign_id])

    def creator_path(self, creator_id: str) -> FieldPath:
        return at("creators", self.creator_pos[creator_id])
