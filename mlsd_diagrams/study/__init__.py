"""Study aids built from a design: the 7-step card, practice masks, the gallery and explorer."""

from __future__ import annotations

from ._card import STEPS, card_markdown, image_link
from ._explorer import explorer_html, waiting_html
from ._gallery import GalleryResult, gallery_html, gallery_readme, write_gallery
from ._mask import answer_key, mask, masked_id

__all__ = [
    "STEPS",
    "GalleryResult",
    "answer_key",
    "card_markdown",
    "explorer_html",
    "gallery_html",
    "gallery_readme",
    "image_link",
    "mask",
    "masked_id",
    "waiting_html",
    "write_gallery",
]
