# bash completion for dropwatch and dwdump (installed as
# /usr/share/bash-completion/completions/dropwatch, with dwdump a link to it).
#
# dropwatch's options and their choices come from its own --help, read once per shell, so an
# option added to the program completes without touching this file. Option values that --help
# shows as a list (<auto|netdm|tracepoint>, <summary|packet>) complete from that list; paths
# complete as files (<file|->: files and -); free-form values (<expr>, <glob>, <time>, numbers,
# <[address:]port>) complete to nothing.

_dropwatch_help_cache=

# Prints "option<TAB>value-spec" lines parsed from the "Options:" section of dropwatch --help.
_dropwatch_options()
{
    if [[ -z $_dropwatch_help_cache ]]; then
        local cmd=$1 line in_options=0 names spec word
        # "  -l, --lmethod <method | list>   Description": the names, then the value's help name.
        local pattern='^  (-[^ <]*(, -[^ <]*)*)( <([^>]*)>)?'
        while IFS= read -r line; do
            if [[ $line == Options:* ]]; then in_options=1; continue; fi
            [[ $in_options == 1 ]] || continue
            [[ -z $line ]] && break
            [[ $line =~ $pattern ]] || continue
            names=${BASH_REMATCH[1]//,/}
            spec=${BASH_REMATCH[4]}
            local -a words
            read -r -a words <<<"$names"
            for word in "${words[@]}"; do
                _dropwatch_help_cache+="$word"$'\t'"$spec"$'\n'
            done
        done < <(LC_ALL=C "$cmd" --help 2>/dev/null)
    fi
    printf '%s' "$_dropwatch_help_cache"
}

_dropwatch()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local cmd=${COMP_WORDS[0]}
    local -a options=() values=()
    local name spec prev_spec= prev_takes=0
    while IFS=$'\t' read -r name spec; do
        [[ -n $name ]] || continue
        options+=("$name")
        if [[ $name == "$prev" && -n $spec ]]; then
            prev_takes=1
            prev_spec=$spec
        fi
    done < <(_dropwatch_options "$cmd")

    if ((prev_takes)); then
        case $prev in
            -l | --lmethod) values=(kas sysmap null list) ;;
            *)
                case $prev_spec in
                    path | file) compopt -o filenames 2>/dev/null
                        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                        return ;;
                    # --pcapng <file|->: a file, or - for stdout.
                    'file|-') compopt -o filenames 2>/dev/null
                        mapfile -t COMPREPLY < <(compgen -f -- "$cur"; [[ - == "$cur"* ]] && echo -)
                        return ;;
                    *'|'*) [[ $prev_spec == *' '* ]] || IFS='|' read -r -a values <<<"$prev_spec" ;;
                esac ;;
        esac
        mapfile -t COMPREPLY < <(compgen -W "${values[*]}" -- "$cur")
        return
    fi
    mapfile -t COMPREPLY < <(compgen -W "${options[*]}" -- "$cur")
}

# dwdump keeps dwdump 1.5.4's options.
_dwdump()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    case $prev in
        -w | --write) compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return ;;
        -o | --origin) mapfile -t COMPREPLY < <(compgen -W "sw hw" -- "$cur"); return ;;
        -t | --trunc | -l | --limit | -b | --bufsize) COMPREPLY=(); return ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "-w --write -t --trunc -q --query -l --limit -p --passive
        -s --stats -b --bufsize -o --origin -e --exit -h --help" -- "$cur")
}

complete -F _dropwatch dropwatch
complete -F _dwdump dwdump
