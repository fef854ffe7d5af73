"""The research figures trustlog refers to, and their caveat: written once, here.

Where they come from and how far they go is `trustlog help research`; every
screen that shows a figure takes its words from this module.  No screen
shows the divorce figure (it reads as a verdict on someone's own marriage),
and no figure stands next to a number about the partner.
"""

from __future__ import annotations

#: Shown wherever research figures are: where they come from, and how far they go.
CAVEAT = (
    "Reference figures come from Gottman's observational lab studies of couples; "
    "your journal is self-reported, so read them as a mirror, not a score."
)
#: The home screen's one reference line, under the user's own rate: its source, no verdict.
HOME_REFERENCE = "Reference: 86%, lasting couples in Gottman's lab (trustlog help research)"
REPORT_TOWARD = (
    "Toward % = bids met by turning toward, as you logged them. For reference, newlyweds "
    "in Gottman's lab study who were still together six years on turned toward 86%. "
)
MARKDOWN_REFERENCE = (
    "For reference: newlyweds in Gottman's lab study who were still together six years on "
    "turned toward 86% of bids; in a lab conflict discussion, stable couples showed about "
    "5 positive moments for each negative one (not a daily tally)."
)
