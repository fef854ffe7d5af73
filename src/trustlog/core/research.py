"""The research figures trustlog refers to, and their caveat: written once, here.

Where they come from and how far they go is `trustlog help research`; every
screen that shows a figure takes its words from this module.
"""

from __future__ import annotations

#: Shown wherever research figures are: where they come from, and how far they go.
CAVEAT = (
    "Reference figures come from Gottman's observational lab studies of couples; "
    "your journal is self-reported, so read them as a mirror, not a score."
)
COMPARE_CAVEAT = (
    "Both journals are self-reported, and the reference figures (turning toward 86% in "
    "couples still together six years on, 33% in those who divorced) come from Gottman's "
    "observational lab studies; read them as a mirror, not a score."
)
HOME_TOWARD = "   (couples still together 6 years on: 86%; divorced: 33%)"
HOME_RATIO = "; stable couples in conflict: ≥ 5 : 1"
REPORT_TOWARD = (
    "Toward % = bids met by turning toward. Gottman's couples still together six years "
    "on turned toward 86%; those who divorced, 33%. "
)
MARKDOWN_REFERENCE = (
    "For reference: couples still together six years later turned toward 86% of bids, "
    "those who divorced 33%; stable couples keep at least 5 positive moments for each "
    "negative one."
)
