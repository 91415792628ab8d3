#!/usr/bin/env bash
# Drives the bash completion the way readline does (COMP_WORDS/COMP_CWORD, then the completion
# function) and checks the candidates. Usage: completion.sh COMPLETION-SCRIPT DROPWATCH-BINARY
# Prints "completion: N passed, M failed".
set -uo pipefail
script=$1
binary=$2
passed=0
failed=0

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$(readlink -f "$binary")" "$dir/dropwatch"
touch "$dir/System.map-test" "$dir/other"

# check NAME EXPECTED WORD... : completes the last WORD; EXPECTED is the sorted candidate list.
check()
{
    local name=$1 expected=$2
    shift 2
    local got
    got=$(bash --norc --noprofile -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        case ${COMP_WORDS[0]##*/} in dwdump) _dwdump ;; *) _dropwatch ;; esac
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$script" "$@")
    if [[ ${got% } == "$expected" ]]; then
        passed=$((passed + 1)); echo "ok   $name"
    else
        failed=$((failed + 1)); echo "FAIL $name: expected '$expected', got '${got% }'"
    fi
}

check "dropwatch -l <TAB>" "kas list null sysmap" "$dir/dropwatch" -l ""
check "dropwatch --lmethod s<TAB>" "sysmap" "$dir/dropwatch" --lmethod s
check "dropwatch --format <TAB>" "json text" "$dir/dropwatch" --format ""
check "dropwatch --source <TAB>" "auto netdm tracepoint" "$dir/dropwatch" --source ""
check "dropwatch --sysmap-file DIR/Sys<TAB>" "$dir/System.map-test" "$dir/dropwatch" -l sysmap --sysmap-file "$dir/Sys"
check "dropwatch --receive-buffer <TAB> (a number: nothing)" "" "$dir/dropwatch" --receive-buffer ""
check "dropwatch --v<TAB>" "--version" "$dir/dropwatch" --v
check "dropwatch --mode <TAB>" "packet summary" "$dir/dropwatch" --start --mode ""
check "dropwatch --mode p<TAB>" "packet" "$dir/dropwatch" --start --mode p
check "dropwatch --pcapng DIR/o<TAB> (files)" "$dir/other" "$dir/dropwatch" --pcapng "$dir/o"
check "dropwatch --pcapng -<TAB> (stdout)" "-" "$dir/dropwatch" --pcapng -
check "dropwatch --filter <TAB> (an expression: nothing)" "" "$dir/dropwatch" --filter ""
check "dropwatch --metrics-listen <TAB> (an address: nothing)" "" "$dir/dropwatch" --metrics-listen ""
check "dropwatch --duration <TAB> (a time: nothing)" "" "$dir/dropwatch" --start --duration ""
# Every long option --help prints is offered after "--".
want=$("$dir/dropwatch" --help | sed -nE 's/^  (-[^ ]+, )*(--[a-z-]+).*/\2/p' | sort | tr '\n' ' ')
check "dropwatch --<TAB> offers every long option of --help" "${want% }" "$dir/dropwatch" --
check "dwdump -o <TAB>" "hw sw" dwdump -o ""
check "dwdump --p<TAB>" "--passive" dwdump --p

echo "completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
