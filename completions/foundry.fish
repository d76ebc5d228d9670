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
        case 'route'
            __foundry_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'ask'
                __foundry_parse_subcommand -r 1 'config=' 'json' 'q/quiet' 'plugin=+' 'system=' 'file=+' 'max-tokens=' 'temperature=' 'max-cost=' 'max-latency=' 'max-total-latency=' 'min-quality=' 'needs=' 'provider=' 'exclude=' 'local-only' 'on-prem-only' 'region=' 'prefer=' 'band=' 'model=' 'hedge-after=' 'budget-daily=' 'dry-run' 'assume-keys' 'explain' 'quality-model=' 'version' 'h/help'
            case 'train'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'data=+' 'out=' 'holdout=' 'seed=' 'version' 'h/help'
            case 'eval'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'data=+' 'model=' 'holdout=' 'seed=' 'all-rows' 'plot=' 'version' 'h/help'
            case 'serve'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'host=' 'port=' 'prefer=' 'max-tokens=' 'hedge-after=' 'version' 'h/help'
            end
        case 'run'
            __foundry_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'complete'
                __foundry_parse_subcommand -r 2 'config=' 'json' 'q/quiet' 'plugin=+' 'ctx=' 't/threads=' 'temp=' 'top-k=' 'top-p=' 'min-p=' 'repeat-penalty=' 'seed=' 'info' 'chat' 'system=' 'template=' 'n/max-tokens=' 'stop=+' 'version' 'h/help'
            case 'tokenize'
                __foundry_parse_subcommand -r 2 'config=' 'json' 'q/quiet' 'plugin=+' 'bos' 'special' 'pieces' 'version' 'h/help'
            case 'serve'
                __foundry_parse_subcommand 1 'config=' 'json' 'q/quiet' 'plugin=+' 'ctx=' 't/threads=' 'host=' 'port=' 'template=' 'max-tokens=' 'version' 'h/help'
            end
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
        case 'cost'
            __foundry_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'compare'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'catalog=' 'needs=' 'provider=' 'input=' 'output=' 'cached=' 'csv' 'all' 'version' 'h/help'
            case 'estimate'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'catalog=' 'model=+' 'input=' 'prompt-file=' 'tokenizer-file=' 'output=' 'cached=' 'cache-write=' 'reasoning=' 'audio-in-min=' 'audio-out-min=' 'requests=' 'per=' 'batch' 'explain' 'version' 'h/help'
            case 'report'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'catalog=' 'since=' 'until=' 'by=' 'baseline=' 'log=' 'csv' 'version' 'h/help'
            case 'catalog'
                __foundry_parse_subcommand 0 'version' 'h/help'
                switch $unparsed_tokens[1]
                case 'import'
                    __foundry_parse_subcommand 1 'config=' 'json' 'q/quiet' 'plugin=+' 'as-of=' 'version' 'h/help'
                end
            end
        case 'bench'
            __foundry_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'load'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'model=' 'url=' 'api-key-env=' 'record-as=' 'requests=' 'duration=' 'concurrency=' 'rate=' 'burstiness=' 'warmup=' 'seed=' 'dataset=' 'input-tokens=' 'output-tokens=' 'max-tokens=' 'ignore-eos' 'no-stream' 'temperature=' 'tokenizer=' 'slo=' 'csv' 'requests-out=' 'plot=' 'version' 'h/help'
            case 'compare'
                __foundry_parse_subcommand 2 'config=' 'json' 'q/quiet' 'plugin=+' 'version' 'h/help'
            end
        case 'voice'
            __foundry_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'talk'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'in=+' 'mic=' 'seconds=' 'alsa-config=' 'endpoint=' 'dialect=' 'key-env=' 'voice=' 'instructions=' 'vad=' 'threshold=' 'prefix-padding-ms=' 'silence-ms=' 'ptt' 'transcribe=' 'out=' 'play' 'play-device=' 'codec=' 'loss=' 'jitter=' 'fast' 'interrupt-after=' 'timeout=' 'reply=' 'model=' 'version' 'h/help'
            case 'serve'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'host=' 'port=' 'reply=' 'model=' 'version' 'h/help'
            case 'devices'
                __foundry_parse_subcommand 0 'config=' 'json' 'q/quiet' 'plugin=+' 'capture' 'playback' 'version' 'h/help'
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
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'route' -d 'Route a prompt to the best-fit model under your constraints, and show why.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'run' -d 'Run a GGUF model (llama, mistral3) on the CPU: complete, chat, tokenize or serve.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'models' -d 'List the models foundry can use, or check that one answers.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'plugins' -d 'List provider plugins, or check one plugin file.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'cost' -d 'Price workloads on every model, and report real spend and savings.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'bench' -d 'Measure latency and throughput of a model or an OpenAI-compatible endpoint.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'voice' -d 'Send speech through a real-time voice session (Azure OpenAI, OpenAI or a local server) and measure every turn.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry route" -eq 1' -fa 'ask' -d 'Route one prompt (the default: `foundry route PROMPT`).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry route" -eq 1' -fa 'train' -d 'Train a quality model from RouterBench or RouteLLM data (per-prompt correctness per model).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry route" -eq 1' -fa 'eval' -d 'Replay routing data: accuracy and cost of each policy, the band sweep, baselines and the oracle.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry route" -eq 1' -fa 'serve' -d 'Serve the router as an OpenAI-compatible endpoint (/v1/chat/completions, /v1/models).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" system' -l 'system' -d 'A system prompt.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask"' -l 'file' -d 'Attach a text file to the prompt (repeatable).' -rF
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" max-tokens' -l 'max-tokens' -d 'Upper bound on output tokens (used for the context and cost limits).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" temperature' -l 'temperature' -d 'Sampling temperature.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" max-cost' -l 'max-cost' -d 'Highest predicted cost per request, USD.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" max-latency' -l 'max-latency' -d 'Highest median time to first token, milliseconds.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" max-total-latency' -l 'max-total-latency' -d 'Highest median total time, milliseconds.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" min-quality' -l 'min-quality' -d 'Lowest predicted quality (probability of a correct answer, 0–1).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" needs' -l 'needs' -d 'Required capabilities: tools, vision, json, audio, reasoning (comma-separated).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" provider' -l 'provider' -d 'Only these providers (comma-separated).' -rfka '(__foundry_custom_completion ---completion route ask -- --provider (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" exclude' -l 'exclude' -d 'Leave out these providers or model ids (comma-separated).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" local-only' -l 'local-only' -d 'Only models that run on this machine.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" on-prem-only' -l 'on-prem-only' -d 'Only on-prem and local models.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" region' -l 'region' -d 'Only cloud models of this region family (eu, us, global).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" prefer' -l 'prefer' -d 'balanced, cost, quality or latency.' -rfka 'balanced cost quality latency'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" band' -l 'band' -d 'Width of the quality band (0–1).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" model' -l 'model' -d 'Use this model: no routing.' -rfka '(__foundry_custom_completion ---completion route ask -- --model (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" hedge-after' -l 'hedge-after' -d 'Start the next candidate too when no first token arrives within MS.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" budget-daily' -l 'budget-daily' -d 'Daily budget, USD, enforced from the usage log.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" dry-run' -l 'dry-run' -d 'Decide and explain; call nothing.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" assume-keys' -l 'assume-keys' -d 'With --dry-run: decide as if every provider had a key, endpoint and plugin (for planning).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" explain' -l 'explain' -d 'Print the decision for people on stderr.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" quality-model' -l 'quality-model' -d 'Predict quality with this model from `foundry route train`.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route ask" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train"' -l 'data' -d 'CSV files or directories of them.' -rF
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" out' -l 'out' -d 'Where to write the model (JSON).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" holdout' -l 'holdout' -d 'Fraction of each file held out for evaluation.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" seed' -l 'seed' -d 'Seed of the held-out split.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route train" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval"' -l 'data' -d 'CSV files or directories of them.' -rF
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" model' -l 'model' -d 'The quality model to evaluate (default: the built-in one).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" holdout' -l 'holdout' -d 'Fraction of each file held out at training.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" seed' -l 'seed' -d 'Seed of the held-out split.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" all-rows' -l 'all-rows' -d 'Replay every row, not only the held-out ones.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" plot' -l 'plot' -d 'Write the cost–quality curve of the largest pool as SVG.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route eval" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" host' -l 'host' -d 'Address to listen on.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" port' -l 'port' -d 'Port to listen on (0: any free port, printed on stderr).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" prefer' -l 'prefer' -d 'Default preference: balanced, cost, quality or latency.' -rfka 'balanced cost quality latency'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" max-tokens' -l 'max-tokens' -d 'Default output bound when a request gives none.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" hedge-after' -l 'hedge-after' -d 'Start the next candidate when no first token arrives within MS.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry route serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry run" -eq 1' -fa 'complete' -d 'Complete a prompt or chat (the default: `foundry run MODEL.gguf [PROMPT]`).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry run" -eq 1' -fa 'tokenize' -d 'Print the token ids of a text (works on vocabulary-only GGUF files).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry run" -eq 1' -fa 'serve' -d 'Serve a GGUF model as an OpenAI-compatible endpoint (/v1/chat/completions, /v1/completions, /v1/models).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry run complete" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'gguf\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" ctx' -l 'ctx' -d 'Context length in tokens (default: 4096 or the model\'s, if smaller).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" t threads' -s 't' -l 'threads' -d 'Threads for matrix work (default: the number of CPUs).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" temp' -l 'temp' -d 'Temperature; 0 picks the most likely token (greedy).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" top-k' -l 'top-k' -d 'Keep the k most likely tokens (0 = all).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" top-p' -l 'top-p' -d 'Keep the smallest set of tokens whose probability reaches p.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" min-p' -l 'min-p' -d 'Drop tokens less likely than min-p × the most likely one.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" repeat-penalty' -l 'repeat-penalty' -d 'Penalise the last 64 tokens (1 = off).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" seed' -l 'seed' -d 'Random seed (default: a new one each run).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" info' -l 'info' -d 'Print the file\'s metadata and tensor table instead of running it.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" chat' -l 'chat' -d 'Apply the model\'s chat template (a conversation in a terminal, one turn otherwise).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" system' -l 'system' -d 'A system prompt (with --chat).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" template' -l 'template' -d 'Chat template: mistral-v7, mistral, llama3, chatml (default: from the file).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" max-tokens n' -s 'n' -l 'max-tokens' -d 'Tokens to generate at most.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete"' -l 'stop' -d 'Stop before this text (repeatable).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run complete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry run tokenize" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'gguf\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" bos' -l 'bos' -d 'Add the beginning-of-sequence token.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" special' -l 'special' -d 'Parse special tokens written in the text.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" pieces' -l 'pieces' -d 'Print each id with its vocabulary piece.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run tokenize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry run serve" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'gguf\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" ctx' -l 'ctx' -d 'Context length in tokens (default: 4096 or the model\'s, if smaller).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" t threads' -s 't' -l 'threads' -d 'Threads for matrix work (default: the number of CPUs).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" host' -l 'host' -d 'Address to listen on.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" port' -l 'port' -d 'Port to listen on (0: any free port, printed on stderr).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" template' -l 'template' -d 'Chat template: mistral-v7, mistral, llama3, chatml (default: from the file).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" max-tokens' -l 'max-tokens' -d 'Output bound when a request gives none.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry run serve" h help' -s 'h' -l 'help' -d 'Show help information.'
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
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry cost" -eq 1' -fa 'compare' -d 'Compare models by the cost of a token mix (default: 1M tokens at 3:1 input:output).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry cost" -eq 1' -fa 'estimate' -d 'Estimate the cost of a request and of a volume of requests on one or more models.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry cost" -eq 1' -fa 'report' -d 'Report real spend from the usage log, and the saving against a baseline model.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry cost" -eq 1' -fa 'catalog' -d 'Import price catalogs.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" catalog' -l 'catalog' -d 'Price from this catalog file too (LiteLLM\'s model_prices_and_context_window.json or foundry\'s format); it overrides matching models.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" needs' -l 'needs' -d 'Only models with all these capabilities (comma-separated).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" provider' -l 'provider' -d 'Only these providers (comma-separated).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" input' -l 'input' -d 'Input tokens of the mix.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" output' -l 'output' -d 'Output tokens of the mix.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" cached' -l 'cached' -d 'Of the input, tokens read from the prompt cache.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" csv' -l 'csv' -d 'Print comma-separated values.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" all' -l 'all' -d 'Include retired models.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost compare" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" catalog' -l 'catalog' -d 'Price from this catalog file too (LiteLLM\'s model_prices_and_context_window.json or foundry\'s format); it overrides matching models.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate"' -l 'model' -d 'A model to price (repeatable to compare).' -rfka '(__foundry_custom_completion ---completion cost estimate -- --model (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" input' -l 'input' -d 'Input tokens per request.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" prompt-file' -l 'prompt-file' -d 'Count the input tokens of this file.' -rF
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" tokenizer-file' -l 'tokenizer-file' -d 'Count --prompt-file exactly with this OpenAI tokenizer rank file (o200k_base.tiktoken or cl100k_base.tiktoken).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'tiktoken\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" output' -l 'output' -d 'Output tokens per request (reasoning included).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" cached' -l 'cached' -d 'Of the input, tokens read from the prompt cache.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" cache-write' -l 'cache-write' -d 'Of the input, tokens written to the prompt cache.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" reasoning' -l 'reasoning' -d 'Reasoning tokens per request, billed as output on top of --output.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" audio-in-min' -l 'audio-in-min' -d 'Minutes of user audio per request.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" audio-out-min' -l 'audio-out-min' -d 'Minutes of assistant audio per request.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" requests' -l 'requests' -d 'Number of requests (per --per period if given).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" per' -l 'per' -d 'The period --requests counts: day or month (30 days).' -rfka 'day month'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" batch' -l 'batch' -d 'Price with the provider\'s batch discount.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" explain' -l 'explain' -d 'Show the arithmetic.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost estimate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" catalog' -l 'catalog' -d 'Price from this catalog file too (LiteLLM\'s model_prices_and_context_window.json or foundry\'s format); it overrides matching models.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" since' -l 'since' -d 'First day to include (YYYY-MM-DD, UTC).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" until' -l 'until' -d 'Last day to include (YYYY-MM-DD, UTC).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" by' -l 'by' -d 'Group by model, provider, day, decision or source.' -rfka 'model provider day decision source'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" baseline' -l 'baseline' -d 'Price the same tokens on this model for comparison.' -rfka '(__foundry_custom_completion ---completion cost report -- --baseline (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" log' -l 'log' -d 'Read this usage log instead of the default one.' -rF
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" csv' -l 'csv' -d 'Print comma-separated values.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry cost catalog" -eq 1' -fa 'import' -d 'Import prices from LiteLLM\'s model_prices_and_context_window.json or a foundry catalog file.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog import" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog import" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog import" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog import"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry cost catalog import" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog import" as-of' -l 'as-of' -d 'The date the prices are valid from (default: the file\'s modification day).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog import" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry cost catalog import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry bench" -eq 1' -fa 'load' -d 'Send a workload to a model or URL and measure it (the default: foundry bench --model M).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry bench" -eq 1' -fa 'compare' -d 'Compare two bench --json results: differences and ratios, and which is better.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" model' -l 'model' -d 'The catalog model to measure; with --url, the model name sent to the endpoint.' -rfka '(__foundry_custom_completion ---completion bench load -- --model (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" url' -l 'url' -d 'An OpenAI-compatible endpoint: base URL (…/v1) or the full …/chat/completions URL.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" api-key-env' -l 'api-key-env' -d 'With --url: the environment variable that holds the bearer key.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" record-as' -l 'record-as' -d 'With --url: record latency and priced usage under this catalog model.' -rfka '(__foundry_custom_completion ---completion bench load -- --record-as (count (__foundry_tokens -pc)) (__foundry_tokens -tC))'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" requests' -l 'requests' -d 'Measured requests (default 100 unless --duration).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" duration' -l 'duration' -d 'Send for this long instead (e.g. 30s, 2m); requests in flight then finish.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" concurrency' -l 'concurrency' -d 'Most requests in flight at once (default 1, or 256 with --rate).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" rate' -l 'rate' -d 'Mean arrival rate, requests per second (Poisson unless --burstiness).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" burstiness' -l 'burstiness' -d 'Gamma shape of the gaps between arrivals: 1 Poisson, below 1 burstier, above 1 steadier.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" warmup' -l 'warmup' -d 'Requests sent first and left out of the statistics.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" seed' -l 'seed' -d 'Seed for arrivals and synthetic prompts.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" dataset' -l 'dataset' -d 'Prompts from a JSON Lines file (prompt, messages or conversations per line) or a ShareGPT JSON file.' -rfa '(set -l exts \'jsonl\' \'json\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" input-tokens' -l 'input-tokens' -d 'Synthetic prompts of this many input tokens.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" output-tokens' -l 'output-tokens' -d 'Output tokens asked of synthetic prompts (max_tokens).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" max-tokens' -l 'max-tokens' -d 'max_tokens for every request (overrides the dataset\'s and --output-tokens).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" ignore-eos' -l 'ignore-eos' -d 'With --url: ask the server to ignore end-of-sequence (vLLM, llama.cpp), so every answer has max_tokens tokens.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" no-stream' -l 'no-stream' -d 'With --url: ask for whole answers instead of streams (TTFT then equals E2E).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" temperature' -l 'temperature' -d 'Sampling temperature.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" tokenizer' -l 'tokenizer' -d 'Count tokens with this tiktoken file (o200k_base.tiktoken, cl100k_base.tiktoken) when the server reports no usage.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'tiktoken\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" slo' -l 'slo' -d 'Service-level objective for goodput, e.g. ttft=300ms,tpot=50ms,e2el=2s.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" csv' -l 'csv' -d 'Print the summary as CSV (a header line and a line of values).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" requests-out' -l 'requests-out' -d 'Write every measured request to FILE as JSON Lines.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" plot' -l 'plot' -d 'Write latency CDFs and throughput over time to FILE as SVG.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'svg\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench load" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench compare" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench compare" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench compare" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench compare"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry bench compare" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry bench compare" -eq 2' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'json\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench compare" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry bench compare" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry voice" -eq 1' -fa 'talk' -d 'Send audio turns through a realtime session (the default: `foundry voice --in FILE`).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry voice" -eq 1' -fa 'serve' -d 'Serve the OpenAI Realtime protocol locally: server VAD, PocketSphinx, a reply through route, espeak-ng.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_positional "foundry voice" -eq 1' -fa 'devices' -d 'List ALSA capture and playback devices (names for --mic and --play-device).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk"' -l 'in' -d 'An audio file to say (repeatable: one turn each).' -rfa '(set -l exts \'wav\' \'flac\' \'ogg\' \'opus\' \'mp3\' \'aiff\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" mic' -l 'mic' -d 'Capture from this ALSA device (default: the system\'s) instead of files.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" seconds' -l 'seconds' -d 'With --mic: stop capturing after this many seconds (default: Ctrl-C).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" alsa-config' -l 'alsa-config' -d 'Find --mic and --play devices in this ALSA configuration file instead of the system\'s.' -rF
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" endpoint' -l 'endpoint' -d 'A ws://, wss:// or https:// realtime URL (default: the local server, in-process).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" dialect' -l 'dialect' -d 'Protocol dialect: ga or beta (default: from the URL; Azure /openai/realtime is beta).' -rfka 'ga beta'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" key-env' -l 'key-env' -d 'For other endpoints: send Authorization: Bearer with the key in this environment variable.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" voice' -l 'voice' -d 'Voice of the reply (alloy, ash, coral, echo, marin, cedar, … or an espeak-ng voice for the local server).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" instructions' -l 'instructions' -d 'Instructions (system prompt) for the session.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" vad' -l 'vad' -d 'Turn detection: server (server_vad), semantic (semantic_vad) or none (commit after each file).' -rfka 'server semantic none'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" threshold' -l 'threshold' -d 'server_vad activation threshold, 0–1.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" prefix-padding-ms' -l 'prefix-padding-ms' -d 'server_vad audio kept before speech, ms.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" silence-ms' -l 'silence-ms' -d 'server_vad silence that ends a turn, ms.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" ptt' -l 'ptt' -d 'Push-to-talk: no turn detection; each file is committed and answered.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" transcribe' -l 'transcribe' -d 'Input transcription model (none: no user transcript).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" out' -l 'out' -d 'Write the reply audio to FILE (.wav, or .ogg/.opus for Ogg Opus).' -rfa '(set -l exts \'wav\' \'ogg\' \'opus\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" play' -l 'play' -d 'Play the reply on the speaker (ALSA).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" play-device' -l 'play-device' -d 'ALSA playback device for --play.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" codec' -l 'codec' -d 'Audio on the wire: pcm16 (the protocol\'s events) or opus (foundry\'s extension; foundry voice serve only).' -rfka 'pcm16 opus'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" loss' -l 'loss' -d 'With --codec opus: drop this percentage of audio packets in each direction (simulated network).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" jitter' -l 'jitter' -d 'With --codec opus: delay each sent packet by up to MS (simulated network).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" fast' -l 'fast' -d 'Send files as fast as the socket takes them instead of in real time.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" interrupt-after' -l 'interrupt-after' -d 'Start the next file this long after the reply\'s first audio (barge-in).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" timeout' -l 'timeout' -d 'Longest wait for a reply, seconds.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" reply' -l 'reply' -d 'Local server only: how replies are made (auto, route, echo).' -rfka 'auto route echo'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" model' -l 'model' -d 'Local server only: reply with this catalog model.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice talk" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" host' -l 'host' -d 'Address to listen on.' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" port' -l 'port' -d 'Port to listen on (0: any free port, printed on stderr).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" reply' -l 'reply' -d 'How replies are made: auto (route, or echo when no model is configured), route or echo.' -rfka 'auto route echo'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" model' -l 'model' -d 'Reply with this catalog model (through route).' -rfka ''
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices" config' -l 'config' -d 'Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices" json' -l 'json' -d 'Print results as one JSON document (JSON Lines for streams).'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices" q quiet' -s 'q' -l 'quiet' -d 'Print only results: no warnings, statistics or progress.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices"' -l 'plugin' -d 'Load a provider plugin from FILE (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'so\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices" capture' -l 'capture' -d 'Only capture devices.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices" playback' -l 'playback' -d 'Only playback devices.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices" version' -l 'version' -d 'Show the version.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry voice devices" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'foundry' -n '__foundry_should_offer_completions_for_flags_or_options "foundry help" version' -l 'version' -d 'Show the version.'
