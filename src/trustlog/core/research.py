"""The research figures trustlog refers to, and their caveat: written once, here.

Where they come from and how far they go is `trustlog help research`; every
screen that shows a figure takes its words from this module.  No screen
shows the divorce figure (it reads as a verdict on someone's own marriage),
and no figure stands next to a number about the partner.
"""

from __future__ import annotations

#: Shown wherever research figures are: where they come from, and how far they go.
CAVEAT = (
    "The research trustlog refers to comes from Gottman's observational lab studies of "
    "couples (`trustlog help research`); this journal is self-reported: a mirror, not a score."
)
#: The home screen's one reference line, under the user's own rate: its source, no verdict.
HOME_REFERENCE = "Reference: 86%, lasting couples in Gottman's lab (trustlog help research)"
#: The report's rate counts both people's bids, so no research figure stands beside it.
#: The report's rate holds both people's bids, so no research (not even a pointer to it)
#: stands beside it: the home screen shows your own rate with its source instead.
REPORT_TOWARD = (
    "Toward % = bids met by turning toward, yours and your partner's as you logged them: "
    "a mirror of this journal, not a score to hold over anyone."
)
#: The Markdown summary counts both people's moments, so it names where the research is
#: instead of putting a research figure beside them.
MARKDOWN_REFERENCE = (
    "These counts hold both people's moments as one person logged them. The research "
    "figures trustlog refers to, with their sources and limits, are in "
    "`trustlog help research`."
)
