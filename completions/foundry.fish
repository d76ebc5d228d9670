function __foundry_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __foundry_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __foundry_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __foundry_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __foundry_parse_tokens -S
    set -l unparsed_tokens (__foundry_tokens -pc)
    switch $unparsed_tokens[1]
    case 'foundry'
        __foundry_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'models'
            __foundry_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'provider=+' 'needs=' 'max-input-price=' 'models-dir=+' 'ready' 'all' 'version' 'h/help'
            case 'check'
                __foundry_parse_subcommand 1 'config=' 'json' 'q/quiet' 'plugin=+' 'prompt=' 'max-tokens=' 'version' 'h/help'
            end
        case 'plugins'
            __foundry_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'version' 'h/help'
            case 'check'
                __foundry_parse_subcommand 1 'config=' 'json' 'q/quiet' 'plugin=+' 'version' 'h/help'
            end
        case 'help'
            __foundry_parse_subcommand -r 1 'version'
        end
    end
end

function __foundry_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __foundry_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __foundry_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __foundry_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__foundry_tokens -p)
    if test -z "$(__foundry_tokens -t)"
        set -l index (count (__foundry_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'foundry' -f
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'models' -d 'List the models foundry can use, or check that one answers.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'plugins' -d 'List provider plugins, or check one plugin file.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry models" -eq 1' -fa 'list' -d 'List the models foundry can use, with capabilities and prices.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry models" -eq 1' -fa 'check' -d 'Send one short prompt to a model and report the answer, latency and tokens.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list"' -l 'provider' -d 'Only models of this provider (repeatable or comma-separated).' -rfka '(__foundry_custom_completion ---completion models list -- --provider (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" needs' -l 'needs' -d 'Only models with all these capabilities: tools, json, vision, audio, reasoning, streaming, realtime.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" max-input-price' -l 'max-input-price' -d 'Only models whose input price is at most USD per million tokens.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list"' -l 'models-dir' -d 'Also look for GGUF files in DIR (repeatable).' -rfa '(__foundry_complete_directories)'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" ready' -l 'ready' -d 'Only models that can be called now.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" all' -l 'all' -d 'Include retired models (kept in the catalog to price old usage).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry models check" -eq 1' -fka '(__foundry_custom_completion ---completion models check -- positional@0 (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check" prompt' -l 'prompt' -d 'The prompt to send.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check" max-tokens' -l 'max-tokens' -d 'Upper bound on the reply\'s tokens.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry models check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry plugins" -eq 1' -fa 'list' -d 'List loaded plugins (file, name, version, ABI, models) and refused files.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry plugins" -eq 1' -fa 'check' -d 'Load one plugin file and report whether it is accepted, and exactly why not.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins list" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins list" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins list" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins list"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins list" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins check" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins check" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins check" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins check"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry plugins check" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins check" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry plugins check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry help" version' -l 'version' -d 'Show the version.'
