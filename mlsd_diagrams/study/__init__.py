"""Study aids built from a design: the 7-step card, practice masks, the gallery and explorer,
grading against a reference, diffs between versions, trade-off matrices, the mock interview,
narration and flashcards."""

from __future__ import annotations

from ._card import INTERVIEW_PLAN, STEPS, card_markdown, image_link
from ._compare import (
    Comparison,
    Row,
    compare,
    compare_html,
    compare_json,
    compare_markdown,
    compare_stem,
    compare_svg,
    compare_text,
    comparison_of,
    write_compare,
)
from ._diff import DesignDiff, PartsDiff, diff, diff_json, diff_text, overlay_scene, render_overlay
from ._explorer import explorer_html, waiting_html
from ._flashcards import Flashcard, flashcards, write_flashcards
from ._gallery import GalleryResult, gallery_html, gallery_readme, write_gallery
from ._grade import Grade, Step, equivalent_kinds, grade, grade_json, grade_text
from ._interview import FollowUp, follow_ups, interview_data
from ._mask import answer_key, mask, masked_id
from ._narration import narrate

__all__ = [
    "INTERVIEW_PLAN",
    "STEPS",
    "Comparison",
    "DesignDiff",
    "Flashcard",
    "FollowUp",
    "GalleryResult",
    "Grade",
    "PartsDiff",
    "Row",
    "Step",
    "answer_key",
    "card_markdown",
    "compare",
    "compare_html",
    "compare_json",
    "compare_markdown",
    "compare_stem",
    "compare_svg",
    "compare_text",
    "comparison_of",
    "diff",
    "diff_json",
    "diff_text",
    "equivalent_kinds",
    "explorer_html",
    "flashcards",
    "follow_ups",
    "gallery_html",
    "gallery_readme",
    "grade",
    "grade_json",
    "grade_text",
    "image_link",
    "interview_data",
    "mask",
    "masked_id",
    "narrate",
    "overlay_scene",
    "render_overlay",
    "waiting_html",
    "write_compare",
    "write_flashcards",
    "write_gallery",
]
