# fish completion for limberctl(1). limberctl works the candidates out itself
# ("limberctl __complete -- WORDS..."), one "candidate<TAB>description" a line.

complete -c limberctl -f -a '(limberctl __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
