#!/bin/bash

__foundry_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__foundry_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__foundry_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__foundry_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_foundry() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    route|run|models|plugins|cost|bench|voice|keys|tags|store|help)
        # Offer subcommand argument completions
        "_foundry_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'route run models plugins cost bench voice keys tags store help' -- "${cur}"))
        ;;
    esac
}

_foundry_route() {
    local -a words_of_default=("${unparsed_words[@]}")
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    ask|train|eval|serve)
        # Offer subcommand argument completions
        "_foundry_route_${subcommand}"
        ;;
    *)
        # Offer subcommand completions, and the options of the default subcommand (ask)
        COMPREPLY+=($(compgen -W 'ask train eval serve' -- "${cur}"))
        unparsed_words=("${words_of_default[@]}")
        "_foundry_route_ask"
        ;;
    esac
}

_foundry_route_ask() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --local-only --on-prem-only --dry-run --assume-keys --explain --version -h --help)
    repeating_options=(--plugin --file)
    non_repeating_options=(--config --store --system --max-tokens --temperature --max-cost --max-latency --max-total-latency --min-quality --needs --provider --exclude --region --prefer --band --model --hedge-after --budget-daily --quality-model)
    __foundry_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    '--system')
        return
        ;;
    '--file')
        __foundry_add_completions -f
        return
        ;;
    '--max-tokens')
        return
        ;;
    '--temperature')
        return
        ;;
    '--max-cost')
        return
        ;;
    '--max-latency')
        return
        ;;
    '--max-total-latency')
        return
        ;;
    '--min-quality')
        return
        ;;
    '--needs')
        return
        ;;
    '--provider')
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion route ask -- --provider "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    '--exclude')
        return
        ;;
    '--region')
        return
        ;;
    '--prefer')
        __foundry_add_completions -W 'balanced'$'\n''cost'$'\n''quality'$'\n''latency'
        return
        ;;
    '--band')
        return
        ;;
    '--model')
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion route ask -- --model "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    '--hedge-after')
        return
        ;;
    '--budget-daily')
        return
        ;;
    '--quality-model')
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    esac
}

_foundry_route_train() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin --data)
    non_repeating_options=(--config --out --holdout --seed)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--data')
        __foundry_add_completions -f
        return
        ;;
    '--out')
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    '--holdout')
        return
        ;;
    '--seed')
        return
        ;;
    esac
}

_foundry_route_eval() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --all-rows --version -h --help)
    repeating_options=(--plugin --data)
    non_repeating_options=(--config --model --holdout --seed --plot)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--data')
        __foundry_add_completions -f
        return
        ;;
    '--model')
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    '--holdout')
        return
        ;;
    '--seed')
        return
        ;;
    '--plot')
        return
        ;;
    esac
}

_foundry_route_serve() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --no-auth --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --host --port --prefer --max-tokens --hedge-after --store --admin-key-file --rate-window --on-store-failure)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--host')
        return
        ;;
    '--port')
        return
        ;;
    '--prefer')
        __foundry_add_completions -W 'balanced'$'\n''cost'$'\n''quality'$'\n''latency'
        return
        ;;
    '--max-tokens')
        return
        ;;
    '--hedge-after')
        return
        ;;
    '--store')
        return
        ;;
    '--admin-key-file')
        __foundry_add_completions -f
        return
        ;;
    '--rate-window')
        return
        ;;
    '--on-store-failure')
        __foundry_add_completions -W 'closed'$'\n''open'
        return
        ;;
    esac
}

_foundry_run() {
    local -a words_of_default=("${unparsed_words[@]}")
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    complete|tokenize|serve)
        # Offer subcommand argument completions
        "_foundry_run_${subcommand}"
        ;;
    *)
        # Offer subcommand completions, and the options of the default subcommand (complete)
        COMPREPLY+=($(compgen -W 'complete tokenize serve' -- "${cur}"))
        unparsed_words=("${words_of_default[@]}")
        "_foundry_run_complete"
        ;;
    esac
}

_foundry_run_complete() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --info --chat --version -h --help)
    repeating_options=(--plugin --stop)
    non_repeating_options=(--config --ctx -t --threads --temp --top-k --top-p --min-p --repeat-penalty --seed --system --template -n --max-tokens)
    __foundry_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--ctx')
        return
        ;;
    '-t'|'--threads')
        return
        ;;
    '--temp')
        return
        ;;
    '--top-k')
        return
        ;;
    '--top-p')
        return
        ;;
    '--min-p')
        return
        ;;
    '--repeat-penalty')
        return
        ;;
    '--seed')
        return
        ;;
    '--system')
        return
        ;;
    '--template')
        return
        ;;
    '-n'|'--max-tokens')
        return
        ;;
    '--stop')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -o plusdirs -fX '!*.@(gguf)'
        return
        ;;
    esac
}

_foundry_run_tokenize() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --bos --special --pieces --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config)
    __foundry_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -o plusdirs -fX '!*.@(gguf)'
        return
        ;;
    esac
}

_foundry_run_serve() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --ctx -t --threads --host --port --template --max-tokens)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--ctx')
        return
        ;;
    '-t'|'--threads')
        return
        ;;
    '--host')
        return
        ;;
    '--port')
        return
        ;;
    '--template')
        return
        ;;
    '--max-tokens')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -o plusdirs -fX '!*.@(gguf)'
        return
        ;;
    esac
}

_foundry_models() {
    local -a words_of_default=("${unparsed_words[@]}")
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|check)
        # Offer subcommand argument completions
        "_foundry_models_${subcommand}"
        ;;
    *)
        # Offer subcommand completions, and the options of the default subcommand (list)
        COMPREPLY+=($(compgen -W 'list check' -- "${cur}"))
        unparsed_words=("${words_of_default[@]}")
        "_foundry_models_list"
        ;;
    esac
}

_foundry_models_list() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --ready --all --version -h --help)
    repeating_options=(--plugin --provider --models-dir)
    non_repeating_options=(--config --needs --max-input-price)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--provider')
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion models list -- --provider "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    '--needs')
        return
        ;;
    '--max-input-price')
        return
        ;;
    '--models-dir')
        __foundry_add_completions -d
        return
        ;;
    esac
}

_foundry_models_check() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --prompt --max-tokens)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--prompt')
        return
        ;;
    '--max-tokens')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion models check -- positional@0 "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_foundry_plugins() {
    local -a words_of_default=("${unparsed_words[@]}")
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|check)
        # Offer subcommand argument completions
        "_foundry_plugins_${subcommand}"
        ;;
    *)
        # Offer subcommand completions, and the options of the default subcommand (list)
        COMPREPLY+=($(compgen -W 'list check' -- "${cur}"))
        unparsed_words=("${words_of_default[@]}")
        "_foundry_plugins_list"
        ;;
    esac
}

_foundry_plugins_list() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    esac
}

_foundry_plugins_check() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    esac
}

_foundry_cost() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    compare|estimate|report|catalog)
        # Offer subcommand argument completions
        "_foundry_cost_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'compare estimate report catalog' -- "${cur}"))
        ;;
    esac
}

_foundry_cost_compare() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --csv --all --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --catalog --needs --provider --input --output --cached)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--catalog')
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    '--needs')
        return
        ;;
    '--provider')
        return
        ;;
    '--input')
        return
        ;;
    '--output')
        return
        ;;
    '--cached')
        return
        ;;
    esac
}

_foundry_cost_estimate() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --batch --explain --version -h --help)
    repeating_options=(--plugin --model)
    non_repeating_options=(--config --catalog --input --prompt-file --tokenizer-file --output --cached --cache-write --reasoning --audio-in-min --audio-out-min --requests --per)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--catalog')
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    '--model')
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion cost estimate -- --model "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    '--input')
        return
        ;;
    '--prompt-file')
        __foundry_add_completions -f
        return
        ;;
    '--tokenizer-file')
        __foundry_add_completions -o plusdirs -fX '!*.@(tiktoken)'
        return
        ;;
    '--output')
        return
        ;;
    '--cached')
        return
        ;;
    '--cache-write')
        return
        ;;
    '--reasoning')
        return
        ;;
    '--audio-in-min')
        return
        ;;
    '--audio-out-min')
        return
        ;;
    '--requests')
        return
        ;;
    '--per')
        __foundry_add_completions -W 'day'$'\n''month'
        return
        ;;
    esac
}

_foundry_cost_report() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --csv --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --catalog --since --until --by --baseline --log --store)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--catalog')
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--by')
        __foundry_add_completions -W 'model'$'\n''provider'$'\n''day'$'\n''decision'$'\n''source'$'\n''key'$'\n''tag'
        return
        ;;
    '--baseline')
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion cost report -- --baseline "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    '--log')
        __foundry_add_completions -f
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_cost_catalog() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    import)
        # Offer subcommand argument completions
        "_foundry_cost_catalog_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'import' -- "${cur}"))
        ;;
    esac
}

_foundry_cost_catalog_import() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --as-of)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--as-of')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    esac
}

_foundry_bench() {
    local -a words_of_default=("${unparsed_words[@]}")
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    load|compare|run|voice)
        # Offer subcommand argument completions
        "_foundry_bench_${subcommand}"
        ;;
    *)
        # Offer subcommand completions, and the options of the default subcommand (load)
        COMPREPLY+=($(compgen -W 'load compare run voice' -- "${cur}"))
        unparsed_words=("${words_of_default[@]}")
        "_foundry_bench_load"
        ;;
    esac
}

_foundry_bench_load() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --ignore-eos --no-stream --csv --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --model --url --api-key-env --record-as --requests --duration --concurrency --rate --burstiness --warmup --seed --dataset --input-tokens --output-tokens --max-tokens --temperature --tokenizer --slo --requests-out --plot)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--model')
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion bench load -- --model "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    '--url')
        return
        ;;
    '--api-key-env')
        return
        ;;
    '--record-as')
        __foundry_add_completions -W "$(__foundry_custom_complete ---completion bench load -- --record-as "${COMP_CWORD}" "$(__foundry_cursor_index_in_current_word)")"
        return
        ;;
    '--requests')
        return
        ;;
    '--duration')
        return
        ;;
    '--concurrency')
        return
        ;;
    '--rate')
        return
        ;;
    '--burstiness')
        return
        ;;
    '--warmup')
        return
        ;;
    '--seed')
        return
        ;;
    '--dataset')
        __foundry_add_completions -o plusdirs -fX '!*.@(jsonl|json)'
        return
        ;;
    '--input-tokens')
        return
        ;;
    '--output-tokens')
        return
        ;;
    '--max-tokens')
        return
        ;;
    '--temperature')
        return
        ;;
    '--tokenizer')
        __foundry_add_completions -o plusdirs -fX '!*.@(tiktoken)'
        return
        ;;
    '--slo')
        return
        ;;
    '--requests-out')
        __foundry_add_completions -o plusdirs -fX '!*.@(jsonl)'
        return
        ;;
    '--plot')
        __foundry_add_completions -o plusdirs -fX '!*.@(svg)'
        return
        ;;
    esac
}

_foundry_bench_compare() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config)
    __foundry_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    2)
        __foundry_add_completions -o plusdirs -fX '!*.@(json)'
        return
        ;;
    esac
}

_foundry_bench_run() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config -p --n-prompt -n --n-gen -t --threads -r --repetitions --seed)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '-p'|'--n-prompt')
        return
        ;;
    '-n'|'--n-gen')
        return
        ;;
    '-t'|'--threads')
        return
        ;;
    '-r'|'--repetitions')
        return
        ;;
    '--seed')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __foundry_add_completions -o plusdirs -fX '!*.@(gguf)'
        return
        ;;
    esac
}

_foundry_bench_voice() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --csv --ptt --version -h --help)
    repeating_options=(--plugin --in)
    non_repeating_options=(--config --turns --seed --timeout --endpoint --dialect --key-env --reply --model --voice --instructions --vad --threshold --prefix-padding-ms --silence-ms --transcribe)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--in')
        __foundry_add_completions -o plusdirs -fX '!*.@(wav|flac|ogg|opus|mp3|aiff)'
        return
        ;;
    '--turns')
        return
        ;;
    '--seed')
        return
        ;;
    '--timeout')
        return
        ;;
    '--endpoint')
        return
        ;;
    '--dialect')
        __foundry_add_completions -W 'ga'$'\n''beta'
        return
        ;;
    '--key-env')
        return
        ;;
    '--reply')
        __foundry_add_completions -W 'auto'$'\n''route'$'\n''echo'
        return
        ;;
    '--model')
        return
        ;;
    '--voice')
        return
        ;;
    '--instructions')
        return
        ;;
    '--vad')
        __foundry_add_completions -W 'server'$'\n''semantic'$'\n''none'
        return
        ;;
    '--threshold')
        return
        ;;
    '--prefix-padding-ms')
        return
        ;;
    '--silence-ms')
        return
        ;;
    '--transcribe')
        return
        ;;
    esac
}

_foundry_voice() {
    local -a words_of_default=("${unparsed_words[@]}")
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    talk|serve|devices)
        # Offer subcommand argument completions
        "_foundry_voice_${subcommand}"
        ;;
    *)
        # Offer subcommand completions, and the options of the default subcommand (talk)
        COMPREPLY+=($(compgen -W 'talk serve devices' -- "${cur}"))
        unparsed_words=("${words_of_default[@]}")
        "_foundry_voice_talk"
        ;;
    esac
}

_foundry_voice_talk() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --play --ptt --fast --version -h --help)
    repeating_options=(--plugin --in)
    non_repeating_options=(--config --mic --seconds --alsa-config --out --play-device --codec --loss --jitter --endpoint --dialect --key-env --reply --model --voice --instructions --vad --threshold --prefix-padding-ms --silence-ms --transcribe --interrupt-after --timeout)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--in')
        __foundry_add_completions -o plusdirs -fX '!*.@(wav|flac|ogg|opus|mp3|aiff)'
        return
        ;;
    '--mic')
        return
        ;;
    '--seconds')
        return
        ;;
    '--alsa-config')
        __foundry_add_completions -f
        return
        ;;
    '--out')
        __foundry_add_completions -o plusdirs -fX '!*.@(wav|ogg|opus)'
        return
        ;;
    '--play-device')
        return
        ;;
    '--codec')
        __foundry_add_completions -W 'pcm16'$'\n''opus'
        return
        ;;
    '--loss')
        return
        ;;
    '--jitter')
        return
        ;;
    '--endpoint')
        return
        ;;
    '--dialect')
        __foundry_add_completions -W 'ga'$'\n''beta'
        return
        ;;
    '--key-env')
        return
        ;;
    '--reply')
        __foundry_add_completions -W 'auto'$'\n''route'$'\n''echo'
        return
        ;;
    '--model')
        return
        ;;
    '--voice')
        return
        ;;
    '--instructions')
        return
        ;;
    '--vad')
        __foundry_add_completions -W 'server'$'\n''semantic'$'\n''none'
        return
        ;;
    '--threshold')
        return
        ;;
    '--prefix-padding-ms')
        return
        ;;
    '--silence-ms')
        return
        ;;
    '--transcribe')
        return
        ;;
    '--interrupt-after')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_foundry_voice_serve() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --host --port --reply --model)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--host')
        return
        ;;
    '--port')
        return
        ;;
    '--reply')
        __foundry_add_completions -W 'auto'$'\n''route'$'\n''echo'
        return
        ;;
    '--model')
        return
        ;;
    esac
}

_foundry_voice_devices() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --capture --playback --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    esac
}

_foundry_keys() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    create|list|show|revoke|rotate)
        # Offer subcommand argument completions
        "_foundry_keys_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'create list show revoke rotate' -- "${cur}"))
        ;;
    esac
}

_foundry_keys_create() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --allow-tag-header --version -h --help)
    repeating_options=(--plugin --tag)
    non_repeating_options=(--config --store --name --budget --soft-budget --rpm --tpm --max-parallel --models --expires)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    '--name')
        return
        ;;
    '--budget')
        return
        ;;
    '--soft-budget')
        return
        ;;
    '--rpm')
        return
        ;;
    '--tpm')
        return
        ;;
    '--max-parallel')
        return
        ;;
    '--models')
        return
        ;;
    '--expires')
        return
        ;;
    '--tag')
        return
        ;;
    esac
}

_foundry_keys_list() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_keys_show() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_keys_revoke() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_keys_rotate() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_tags() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    set|list|remove)
        # Offer subcommand argument completions
        "_foundry_tags_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'set list remove' -- "${cur}"))
        ;;
    esac
}

_foundry_tags_set() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store --budget --soft-budget --rpm --tpm --max-parallel)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    '--budget')
        return
        ;;
    '--soft-budget')
        return
        ;;
    '--rpm')
        return
        ;;
    '--tpm')
        return
        ;;
    '--max-parallel')
        return
        ;;
    esac
}

_foundry_tags_list() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_tags_remove() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store)
    __foundry_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_store() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    migrate)
        # Offer subcommand argument completions
        "_foundry_store_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'migrate' -- "${cur}"))
        ;;
    esac
}

_foundry_store_migrate() {
    repeating_flags=()
    non_repeating_flags=(--json -q --quiet --version -h --help)
    repeating_options=(--plugin)
    non_repeating_options=(--config --store)
    __foundry_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __foundry_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--plugin')
        __foundry_add_completions -o plusdirs -fX '!*.@(so)'
        return
        ;;
    '--store')
        return
        ;;
    esac
}

_foundry_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __foundry_offer_flags_options -1
}

complete -o filenames -F _foundry foundry
