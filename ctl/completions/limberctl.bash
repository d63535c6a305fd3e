# bash completion for limberctl(1). limberctl works the candidates out itself
# ("limberctl __complete -- WORDS..."), so this stays in step with its commands,
# and config keys and exercise ids come from the running limberd.

_limberctl() {
        local IFS=$'\n'
        local -a candidates

        candidates=($("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
        COMPREPLY=("${candidates[@]%%$'\t'*}")
}

complete -F _limberctl limberctl
