"""Server settings, from environment variables prefixed ``ROSTER_`` (e.g. ``ROSTER_API_KEY``)."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .. import run_rules

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
MIN_API_KEY_LENGTH = 16


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROSTER_", extra="ignore")

    database_url: str = Field("sqlite:///roster.db", description="any SQLAlchemy URL; default a SQLite file in the "
                                                                 "working directory")
    api_key: Optional[str] = Field(None, description="when set, every request but /health and the docs needs "
                                                     "'Authorization: Bearer <key>'; at least 16 characters")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    allow_remote: bool = Field(False, description="listen on a non-loopback host even without an API key")

    max_body_bytes: int = Field(32 * 1024 * 1024, description="a larger scenario document gets 413")
    max_request_bytes: int = Field(2 * 1024 * 1024, ge=1024, description="a larger body of any other request gets "
                                                                          "413 (FastAPI parses those on the event "
                                                                          "loop; scenarios are parsed in a thread)")
    body_stall_s: float = Field(30.0, gt=0, le=3600, description="a request body that sends nothing for this long "
                                                                 "gets 408")
    max_creators: int = 20_000
    max_campaigns: int = 5_000
    max_commitments: int = 200_000

    job_concurrency: int = Field(1, ge=1, description="solves running at once (each in its own process)")
    max_queued_jobs: int = Field(100, ge=1, description="jobs waiting at once; beyond it a new job gets 429 "
                                                         "with Retry-After")
    max_batch_items: int = Field(1000, ge=1, le=1000, description="scenarios in one batch job")
    max_time_limit_s: float = Field(run_rules.SERVER_MAX_TIME_LIMIT_S, gt=0,
                                    description="cap on one solve's time limit; longer requests get 422")
    max_workers: int = Field(run_rules.SERVER_MAX_WORKERS, ge=1, description="cap on CP-SAT workers per job")
    job_grace_s: float = Field(60.0, ge=0, description="a job running this long past its declared time budget "
                                                       "(its solves' limits and build allowances) is stopped")
    restart_policy: Literal["rerun", "fail"] = Field("rerun", description="jobs whose server stopped or died: "
                                                                          "run them again, or mark them failed")
    max_attempts: int = Field(3, ge=1, description="a job interrupted this many times is marked failed")
    job_lease_s: float = Field(run_rules.JOB_LEASE_S, ge=2, le=3600,
                               description="a server's claim on a running job lasts this long unless renewed; "
                                           "after it, another server sharing the database runs the job again")
    enforcement_cache_size: int = Field(16, ge=1, description="scenarios kept indexed in memory for /check")
    enforcement_recheck_s: float = Field(1.0, ge=0, description="how often /check re-reads a scenario's version from "
                                                                 "the database (changes by other server processes)")
    batch_dir: str = Field("roster-batches", description="where batch jobs write their output folders")

    @field_validator("api_key")
    @classmethod
    def _a_real_key(cls, key: Optional[str]) -> Optional[str]:
        """A key of spaces, or one a guess could find, protects nothing: refused at start."""
        if key is None:
            return None
        if key != key.strip() or not key.strip():
            raise ValueError("an API key may not start or end with whitespace (or be only whitespace)")
        if len(key) < MIN_API_KEY_LENGTH:
            raise ValueError(f"an API key has at least {MIN_API_KEY_LENGTH} characters")
        return key
