"""The completion scripts, one per shell; each asks `trustlog __complete -- WORDS…`.

The scripts hold no list of commands: trustlog answers at each TAB, so a new command, an
option or a promise made a minute ago completes without reinstalling anything. Each answer
line is `value<TAB>title`; an empty answer falls back to the shell's file names.
"""

from __future__ import annotations

BASH = r"""# trustlog completion for bash: source it from ~/.bashrc, or save it as
# ~/.local/share/bash-completion/completions/trustlog
_trustlog_complete() {
    local IFS=$'\n' line
    local -a found
    found=($(trustlog __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
    COMPREPLY=()
    if [ "${#found[@]}" -eq 1 ] || [[ ${found[0]} != [0-9]* ]]; then
        for line in "${found[@]}"; do COMPREPLY+=("${line%%$'\t'*}"); done
        return
    fi
    for line in "${found[@]}"; do  # ids: show each one's title beside it
        COMPREPLY+=("$(printf '%-4s -- %s' "${line%%$'\t'*}" "${line#*$'\t'}")")
    done
}
complete -o default -F _trustlog_complete trustlog
"""

ZSH = r"""#compdef trustlog
# trustlog completion for zsh: after compinit in ~/.zshrc, add
#   source <(trustlog completion zsh)
_trustlog() {
    local -a found choices
    local line
    found=("${(@f)$(trustlog __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ -z "${found[*]}" ]]; then
        _files
        return
    fi
    for line in "${found[@]}"; do
        choices+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
    done
    _describe -V trustlog choices
}
compdef _trustlog trustlog
"""

FISH = r"""# trustlog completion for fish: save it as ~/.config/fish/completions/trustlog.fish
function __trustlog_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l found (trustlog __complete -- $words (commandline -ct) 2>/dev/null)
    if test (count $found) -eq 0
        __fish_complete_path (commandline -ct)
    else
        printf '%s\n' $found
    end
end
complete -c trustlog -f -a '(__trustlog_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}
