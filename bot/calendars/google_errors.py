"""What can go wrong with Google's Calendar API, as the callers must treat it."""

from __future__ import annotations


class GoogleUnavailable(Exception):
    """Google did not answer, or said to come back later (5xx, 429, a refused sign-in): what
    was asked is kept and asked again."""


class GoogleRefused(Exception):
    """Google refused the request itself (a 4xx): asking again would change nothing."""
