"""A few lines for the shell's rc file: the evening's first prompt says the check-in is due.

The prompt path must cost nothing a person could feel, so the snippet never
starts Python or trustlog: it compares the date in the reviewed marker with
today's, using shell builtins (bash's `printf %()T`, zsh's prompt escapes)
and, in fish, which has no date builtin, one `date`.
"""

from __future__ import annotations

from trustlog.app.errors import BadInput
from trustlog.features.checkin.notify import DISCREET_REMINDER
from trustlog.features.checkin.schedule import parse_at

SHELLS = ("bash", "zsh", "fish")

_MARKER = "${XDG_STATE_HOME:-$HOME/.local/state}/trustlog/reviewed"

_BASH = r"""# trustlog: after @AT@, the first prompt of the evening says if today's check-in is due.
# It runs no Python: it compares the date trustlog writes at check-in with today's.
# A capture after the same hour counts as looking at the day (it quiets this).
export TRUSTLOG_CHECKIN_AT=@AT@
__trustlog_prompt() {
  local status=$? today now reviewed=
  printf -v today '%(%F)T' -1 2>/dev/null || today=$(date +%F)
  if [[ ${__trustlog_shown-} != "$today" ]]; then
    printf -v now '%(%H%M)T' -1 2>/dev/null || now=$(date +%H%M)
    if [[ ! $now < @HHMM@ ]]; then
      { read -r reviewed < "@MARKER@"; } 2>/dev/null
      if [[ $reviewed != "$today" ]]; then
        __trustlog_shown=$today
        printf '%s\n' @LINE@
      fi
    fi
  fi
  return "$status"
}
case ${PROMPT_COMMAND-} in
  *__trustlog_prompt*) ;;
  *) PROMPT_COMMAND="${PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}__trustlog_prompt" ;;
esac
"""

_ZSH = r"""# trustlog: after @AT@, the first prompt of the evening says if today's check-in is due.
# It runs no Python: it compares the date trustlog writes at check-in with today's.
# A capture after the same hour counts as looking at the day (it quiets this).
export TRUSTLOG_CHECKIN_AT=@AT@
__trustlog_prompt() {
  local today=${(%):-%D{%F}} reviewed=
  [[ ${__trustlog_shown-} == "$today" ]] && return 0
  [[ ${(%):-%D{%H%M}} < @HHMM@ ]] && return 0
  { read -r reviewed < "@MARKER@" } 2>/dev/null
  [[ $reviewed == "$today" ]] && return 0
  typeset -g __trustlog_shown=$today
  print -r -- @LINE@
}
typeset -ga precmd_functions
(( ${precmd_functions[(Ie)__trustlog_prompt]} )) || precmd_functions+=(__trustlog_prompt)
"""

_FISH = r"""# trustlog: after @AT@, the first prompt of the evening says if today's check-in is due.
# It runs no Python: it compares the date trustlog writes at check-in with today's.
# A capture after the same hour counts as looking at the day (it quiets this).
set -gx TRUSTLOG_CHECKIN_AT @AT@
function __trustlog_prompt --on-event fish_prompt
    date '+%F %H%M' | read -l today now
    test "$__trustlog_shown" = "$today"; and return
    test "$now" -lt @HHMM@; and return
    set -l state $XDG_STATE_HOME
    test -n "$state"; or set state $HOME/.local/state
    set -l reviewed ''
    test -r $state/trustlog/reviewed; and read reviewed < $state/trustlog/reviewed
    test "$reviewed" = "$today"; and return
    set -g __trustlog_shown $today
    echo @LINE@
end
"""


def _double_quoted(text: str, specials: str) -> str:
    """`text` inside double quotes, read back unchanged by a shell whose specials are given."""
    escaped = "".join("\\" + char if char in specials else char for char in text)
    return f'"{escaped}"'


def snippet(shell: str, at: str = "21:30") -> str:
    """The rc-file lines for `shell` that show the discreet reminder after `at`."""
    templates = {"bash": (_BASH, '\\"$`'), "zsh": (_ZSH, '\\"$`'), "fish": (_FISH, '\\"$')}
    if shell not in SHELLS:
        raise BadInput(f"The hook is for {', '.join(SHELLS[:-1])} or {SHELLS[-1]}, not {shell!r}.")
    template, specials = templates[shell]
    hours, minutes = parse_at(at)
    return (
        template.replace("@AT@", f"{hours:02d}:{minutes:02d}")
        .replace("@HHMM@", f"{hours:02d}{minutes:02d}")
        .replace("@MARKER@", _MARKER)
        .replace("@LINE@", _double_quoted(DISCREET_REMINDER, specials))
    )
