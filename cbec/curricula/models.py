"""Programmes and their statistics. For now: Table 2, CBEC programmes by province."""

from __future__ import annotations

from django.db import models

from cbec.standards.models import Provenance


class ProgrammeCount(Provenance):
    """Number of CBEC programmes one province runs in one year, by education track."""

    province_zh = models.CharField(max_length=20)
    province_en = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    undergraduate = models.PositiveIntegerField()
    vocational = models.PositiveIntegerField()

    class Meta:
        ordering = ["year", "-vocational", "province_zh"]
        constraints = [
            models.UniqueConstraint(fields=["province_zh", "year"], name="uniq_programme_count")
        ]

    def __str__(self) -> str:
        return f"{self.province_zh} {self.year}"

    @property
    def total(self) -> int:
        return self.undergraduate + self.vocational
