"""The eight needs of Behovskompassen, by stable id.

The ids never change; labels, descriptions and indicators live in `forms/behovskompass.yaml`
so the organisation can reword them without code. The order is the card order (seed 002);
`WHEEL_ORDER` is the order the compass picture draws them in (domain.md §1.5).
"""

from __future__ import annotations

from enum import StrEnum


class Need(StrEnum):
    OMSORG = "omsorg"
    TRYGGHET = "trygghet"
    HALSA = "halsa"
    FRITID = "fritid"
    TILLHORIGHET = "tillhorighet"
    ANSVAR = "ansvar"
    RESPEKTERAS = "respekteras"
    UTVECKLING = "utveckling"


CARD_ORDER: tuple[Need, ...] = tuple(Need)

WHEEL_ORDER: tuple[Need, ...] = (
    Need.UTVECKLING,
    Need.OMSORG,
    Need.TRYGGHET,
    Need.HALSA,
    Need.FRITID,
    Need.TILLHORIGHET,
    Need.ANSVAR,
    Need.RESPEKTERAS,
)


class NeedStatus(StrEnum):
    """The Upptäckarkort answer to "Är barnets behov uppfyllt?"."""

    UPPFYLLT = "uppfyllt"
    INTE_UPPFYLLT = "inte_uppfyllt"
    VET_INTE = "vet_inte"
