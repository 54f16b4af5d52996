"""The official editions of the annual-report template."""

from __future__ import annotations

from enum import Enum

__all__ = ["EDITION_INFO", "Edition", "EditionInfo"]


class Edition(str, Enum):
    """An official edition of the national annual-report template.

    The value is the string stored in a document's ``"edition"`` member.
    """

    TRIAL_2019 = "2019"
    """《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号 (report years 2019–2020)."""

    REV_2021 = "2021"
    """《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号 (report years 2021 onward)."""

    def __str__(self) -> str:
        return self.value


class EditionInfo:
    """Descriptive facts about an edition (for docs and messages)."""

    __slots__ = ("document_number", "edition", "first_year", "last_year", "template", "title_en")

    def __init__(
        self,
        edition: Edition,
        template: str,
        document_number: str,
        title_en: str,
        first_year: int,
        last_year: int | None,
    ) -> None:
        self.edition = edition
        self.template = template
        self.document_number = document_number
        self.title_en = title_en
        self.first_year = first_year
        self.last_year = last_year

    def covers_year(self, year: int) -> bool:
        """Whether reports on ``year`` are expected to follow this edition."""
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


EDITION_INFO: dict[Edition, EditionInfo] = {
    Edition.TRIAL_2019: EditionInfo(
        Edition.TRIAL_2019,
        "《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        "国办公开办函〔2019〕60号",
        "Annual report format (trial), 2019",
        2019,
        2020,
    ),
    Edition.REV_2021: EditionInfo(
        Edition.REV_2021,
        "《中华人民共和国政府信息公开工作年度报告格式》",
        "国办公开办函〔2021〕30号",
        "Annual report format (revised), 2021",
        2021,
        None,
    ),
}
