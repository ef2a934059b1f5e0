function __influxdump_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __influxdump_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __influxdump_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __influxdump_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __influxdump_parse_tokens -S
    set -l unparsed_tokens (__influxdump_tokens -pc)
    switch $unparsed_tokens[1]
    case 'influxdump'
        __influxdump_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'dump'
            __influxdump_parse_subcommand 0 'host=' 'u/username=' 'password-file=' 'ca-cert=' 'insecure-skip-verify' 'timeout=' 'retries=' 'd/database=+' 'retention=+' 'm/measurement=+' 'start=' 'end=' 'chunk=' 'j/jobs=' 'compression-level=' 'segment-size=' 'o/output=' 'query-shape=' 'from-backup=' 'from-data-dir=' 'work-dir=' 'plan-only' 'resume' 'recipient=+' 'recipients-file=+' 'identity=+' 's3-endpoint=' 's3-region=' 's3-storage-class=' 's3-object-lock-days=' 's3-object-lock-mode=' 's3-part-size=' 'max-points-per-second=' 'max-bytes-per-second=' 'pushgateway=' 'metrics-database=' 'json' 'q/quiet' 'progress=' 'log-level=' 'umask=' 'version' 'h/help'
        case 'restore'
            __influxdump_parse_subcommand 0 'host=' 'u/username=' 'password-file=' 'ca-cert=' 'insecure-skip-verify' 'timeout=' 'retries=' 'i/input=+' 'source-database=+' 'd/database=' 'database-map=+' 'retention=+' 'm/measurement=+' 'start=' 'end=' 'j/jobs=' 'batch-size=' 'with-cqs' 'with-users' 'user-password=+' 'dry-run' 'resume' 'state-dir=' 'skip-corrupt' 's3-endpoint=' 's3-region=' 'identity=+' 'max-points-per-second=' 'max-bytes-per-second=' 'pushgateway=' 'metrics-database=' 'json' 'q/quiet' 'progress=' 'log-level=' 'umask=' 'version' 'h/help'
        case 'verify'
            __influxdump_parse_subcommand 1 'j/jobs=' 'json' 'against=' 'host=' 'u/username=' 'password-file=' 'ca-cert=' 'insecure-skip-verify' 'timeout=' 'retries=' 's3-endpoint=' 's3-region=' 'identity=+' 'version' 'h/help'
        case 'inspect'
            __influxdump_parse_subcommand 1 's3-endpoint=' 's3-region=' 'identity=+' 'segments' 'json' 'version' 'h/help'
        case 'prune'
            __influxdump_parse_subcommand 1 'keep-last=' 'keep-daily=' 'keep-within=' 's3-endpoint=' 's3-region=' 'identity=+' 'dry-run' 'version' 'h/help'
        case 'run'
            __influxdump_parse_subcommand 1 'once' 'validate-only' 'json' 'q/quiet' 'progress=' 'log-level=' 'umask=' 'version' 'h/help'
        case 'config'
            __influxdump_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'convert'
                __influxdump_parse_subcommand 1 'version' 'h/help'
            end
        case 'help'
            __influxdump_parse_subcommand -r 1 'version'
        end
    end
end

function __influxdump_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __influxdump_parse_subcommand -S -a positional_count
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

function __influxdump_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __influxdump_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__influxdump_tokens -p)
    if test -z "$(__influxdump_tokens -t)"
        set -l index (count (__influxdump_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'influxdump' -f
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'dump' -d 'Save databases into an archive directory or a stream on stdout.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'restore' -d 'Replay an archive directory or a dump stream into a server.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'verify' -d 'Check an archive offline: checksums, zstd, every point, counts and time bounds.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'inspect' -d 'Show what an archive (or a job\'s chain of archives) holds, without a server.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'prune' -d 'Remove old archives of a job\'s archive folder, never breaking a chain that a kept archive needs.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'run' -d 'Run the backup jobs of a folder of YAML job files, once or on their schedules.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'config' -d 'Work with job files: convert one written for the Python toolkit to the native form.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" host' -l 'host' -d 'Server URL, http:// or https:// (default: $INFLUX_HOST or http://127.0.0.1:8086).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" u username' -s 'u' -l 'username' -d 'User name (default: $INFLUX_USERNAME). The password comes from $INFLUX_PASSWORD, --password-file, or a prompt on the terminal.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" password-file' -l 'password-file' -d 'Read the password from this file (first line).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" ca-cert' -l 'ca-cert' -d 'Trust this CA certificate (PEM) for https.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" insecure-skip-verify' -l 'insecure-skip-verify' -d 'Do not verify the server\'s TLS certificate (unsafe; prints a warning).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" timeout' -l 'timeout' -d 'Abandon a transfer that stalls this many seconds (it is retried).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" retries' -l 'retries' -d 'Retries of a failed request (connection errors, timeouts, 5xx, 429).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump"' -s 'd' -l 'database' -d 'Database to dump (repeatable; default every database except _internal).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump"' -l 'retention' -d 'Only this retention policy: a name or /regex/ (repeatable; default all).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump"' -s 'm' -l 'measurement' -d 'Only this measurement: a name or /regex/, unanchored like InfluxQL\'s =~ (repeatable; default all).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" start' -l 'start' -d 'Points at or after this time: RFC3339 (2026-11-21T00:00:00Z), a date (2026-11-21: midnight UTC) or integer nanoseconds.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" end' -l 'end' -d 'Points before this time (exclusive): RFC3339, a date or integer nanoseconds.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" chunk' -l 'chunk' -d 'Longest time window of one query, e.g. 1h or 1d (default: one shard group).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" j jobs' -s 'j' -l 'jobs' -d 'Queries run in parallel (default: number of CPU cores).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" compression-level' -l 'compression-level' -d 'zstd level, 1 (fast) to 19 (small).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" segment-size' -l 'segment-size' -d 'MiB of line protocol after which a window continues in a new segment file (1 to 23: a segment must fit one /write request).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" o output' -s 'o' -l 'output' -d 'New or empty archive directory, or - for a stream on stdout.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" query-shape' -l 'query-shape' -d 'auto: query windows without GROUP BY * (tags as columns, faster) wherever names are unambiguous; series: always GROUP BY *.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" from-backup' -l 'from-backup' -d 'Read this `influxd backup -portable` folder offline instead of a server (no server is contacted; one window per shard group).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" from-data-dir' -l 'from-data-dir' -d 'Read the data directory of a stopped server offline (the folder holding meta, data and wal, e.g. /var/lib/influxdb); refused while a process has its files open.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" work-dir' -l 'work-dir' -d 'Where --from-backup unpacks the shards while it runs (default: the temporary folder); needs room for them uncompressed.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" plan-only' -l 'plan-only' -d 'Print the planned queries (one JSON object per line: database, query) and exit without dumping.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" resume' -l 'resume' -d 'Continue an interrupted dump in its output directory: saved queries are re-checked and kept, the rest is fetched (the plan and settings of the first run are used).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump"' -l 'recipient' -d 'Encrypt the archive to this age public key (age1…, from age-keygen); repeatable. Segments and manifest become age files (`age -d` reads them).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump"' -l 'recipients-file' -d 'Encrypt to every age public key in this file (one per line, # comments); repeatable.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump"' -l 'identity' -d 'Decrypt encrypted archives with the age identities in this file (age-keygen output); repeatable (default: $INFLUXDUMP_IDENTITY_FILE).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" s3-endpoint' -l 's3-endpoint' -d 'S3-compatible endpoint for s3:// paths, addressed path-style (default: $AWS_ENDPOINT_URL; none: AWS). Credentials come from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY or $AWS_PROFILE.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" s3-region' -l 's3-region' -d 'Region of s3:// paths (default: $AWS_REGION, the profile\'s, or us-east-1).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" s3-storage-class' -l 's3-storage-class' -d 'Storage class of the objects written to s3:// (STANDARD_IA, GLACIER_IR, …).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" s3-object-lock-days' -l 's3-object-lock-days' -d 'Object-lock retention of every object written to s3:// (the bucket needs object lock): nobody can delete them for n days, not a prune either.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" s3-object-lock-mode' -l 's3-object-lock-mode' -d 'governance (privileged users may lift it) or compliance (nobody can).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" s3-part-size' -l 's3-part-size' -d 'MiB of one multipart part (5 to 512): each worker holds one part in memory; larger segments upload in parts.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" max-points-per-second' -l 'max-points-per-second' -d 'Read or write at most this many points per second, all workers together.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" max-bytes-per-second' -l 'max-bytes-per-second' -d 'At most this many bytes of line protocol per second: a number with an optional KiB, MiB or GiB suffix.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" pushgateway' -l 'pushgateway' -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends, success or failure (README §Metrics).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" metrics-database' -l 'metrics-database' -d 'Also write them as an influxdump_run point into this existing database of the --host server.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" json' -l 'json' -d 'Print one JSON object with the outcome on stdout at the end (formats/results.md); not with -o -.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" q quiet' -s 'q' -l 'quiet' -d 'Only warnings and errors.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" progress' -l 'progress' -d 'auto (a live line per transfer when stderr is a terminal), live, plain (a line every 10 s, for logs) or off. Always on stderr; --quiet turns it off.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" umask' -l 'umask' -d 'Octal umask for the files and folders written (077: files 0600, folders 0700).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump dump" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" host' -l 'host' -d 'Server URL, http:// or https:// (default: $INFLUX_HOST or http://127.0.0.1:8086).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" u username' -s 'u' -l 'username' -d 'User name (default: $INFLUX_USERNAME). The password comes from $INFLUX_PASSWORD, --password-file, or a prompt on the terminal.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" password-file' -l 'password-file' -d 'Read the password from this file (first line).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" ca-cert' -l 'ca-cert' -d 'Trust this CA certificate (PEM) for https.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" insecure-skip-verify' -l 'insecure-skip-verify' -d 'Do not verify the server\'s TLS certificate (unsafe; prints a warning).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" timeout' -l 'timeout' -d 'Abandon a transfer that stalls this many seconds (it is retried).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" retries' -l 'retries' -d 'Retries of a failed request (connection errors, timeouts, 5xx, 429).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore"' -s 'i' -l 'input' -d 'Archive directory, a job\'s archive folder (restores its chain, base first), or - for a dump stream on stdin. Repeat to restore several archives in order.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore"' -l 'source-database' -d 'Restore only this archived database: a name or /regex/ (repeatable; default all). Databases not selected are not created.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" d database' -s 'd' -l 'database' -d 'Target database name when the archive holds one database, or --source-database selects one.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore"' -l 'database-map' -d 'Restore database SRC as DST (repeatable).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore"' -l 'retention' -d 'Only this retention policy: a name or /regex/ (repeatable; default all).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore"' -s 'm' -l 'measurement' -d 'Only this measurement: a name or /regex/, unanchored like InfluxQL\'s =~ (repeatable; default all).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" start' -l 'start' -d 'Points at or after this time: RFC3339 (2026-11-21T00:00:00Z), a date (2026-11-21: midnight UTC) or integer nanoseconds.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" end' -l 'end' -d 'Points before this time (exclusive): RFC3339, a date or integer nanoseconds.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" j jobs' -s 'j' -l 'jobs' -d 'Segments written in parallel (default: number of CPU cores).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" batch-size' -l 'batch-size' -d 'Points per write request.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" with-cqs' -l 'with-cqs' -d 'Recreate the archived continuous queries in the target databases, with database names in their text renamed as the databases are; an existing one of the same name is left as is. A query whose text cannot be renamed is not created and makes the restore exit 1.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" with-users' -l 'with-users' -d 'Create the archived users (admin flag kept) and grant their privileges on the target databases. Existing users keep their password and only gain privileges. A user without --user-password gets a random password nobody knows; the restore lists the SET PASSWORD statements to run.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore"' -l 'user-password' -d 'Password for a user --with-users creates, from an environment variable or the first line of a file (repeatable).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" dry-run' -l 'dry-run' -d 'Change nothing: connect read-only (SHOW statements only) and report the databases and retention policies that would be created, the points that would be written per measurement, points older than the destination\'s retention (the server would drop them) and field-type conflicts with data already there. Exits 0 when there are only warnings.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" resume' -l 'resume' -d 'Continue an interrupted restore: skip the segments its journal records as written.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" state-dir' -l 'state-dir' -d 'Keep the restore journal here instead of beside the archive (for read-only archives).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" skip-corrupt' -l 'skip-corrupt' -d 'Restore the other segments when one is damaged, list the damaged ones, and exit 1.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" s3-endpoint' -l 's3-endpoint' -d 'S3-compatible endpoint for s3:// paths, addressed path-style (default: $AWS_ENDPOINT_URL; none: AWS). Credentials come from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY or $AWS_PROFILE.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" s3-region' -l 's3-region' -d 'Region of s3:// paths (default: $AWS_REGION, the profile\'s, or us-east-1).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore"' -l 'identity' -d 'Decrypt encrypted archives with the age identities in this file (age-keygen output); repeatable (default: $INFLUXDUMP_IDENTITY_FILE).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" max-points-per-second' -l 'max-points-per-second' -d 'Read or write at most this many points per second, all workers together.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" max-bytes-per-second' -l 'max-bytes-per-second' -d 'At most this many bytes of line protocol per second: a number with an optional KiB, MiB or GiB suffix.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" pushgateway' -l 'pushgateway' -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends, success or failure (README §Metrics).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" metrics-database' -l 'metrics-database' -d 'Also write them as an influxdump_run point into this existing database of the --host server.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" json' -l 'json' -d 'Print one JSON object with the outcome on stdout at the end (formats/results.md).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" q quiet' -s 'q' -l 'quiet' -d 'Only warnings and errors.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" progress' -l 'progress' -d 'auto (a live line per transfer when stderr is a terminal), live, plain (a line every 10 s, for logs) or off. Always on stderr; --quiet turns it off.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" umask' -l 'umask' -d 'Octal umask for the files and folders written (077: files 0600, folders 0700).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump restore" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" j jobs' -s 'j' -l 'jobs' -d 'Segments checked in parallel (default: number of CPU cores).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" json' -l 'json' -d 'Print one JSON object with every finding on stdout instead of the text report (formats/results.md).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" against' -l 'against' -d 'Also compare every window\'s counts with the source server at this URL (the connection options apply).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" host' -l 'host' -d 'Server URL, http:// or https:// (default: $INFLUX_HOST or http://127.0.0.1:8086).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" u username' -s 'u' -l 'username' -d 'User name (default: $INFLUX_USERNAME). The password comes from $INFLUX_PASSWORD, --password-file, or a prompt on the terminal.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" password-file' -l 'password-file' -d 'Read the password from this file (first line).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" ca-cert' -l 'ca-cert' -d 'Trust this CA certificate (PEM) for https.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" insecure-skip-verify' -l 'insecure-skip-verify' -d 'Do not verify the server\'s TLS certificate (unsafe; prints a warning).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" timeout' -l 'timeout' -d 'Abandon a transfer that stalls this many seconds (it is retried).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" retries' -l 'retries' -d 'Retries of a failed request (connection errors, timeouts, 5xx, 429).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" s3-endpoint' -l 's3-endpoint' -d 'S3-compatible endpoint for s3:// paths, addressed path-style (default: $AWS_ENDPOINT_URL; none: AWS). Credentials come from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY or $AWS_PROFILE.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" s3-region' -l 's3-region' -d 'Region of s3:// paths (default: $AWS_REGION, the profile\'s, or us-east-1).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify"' -l 'identity' -d 'Decrypt encrypted archives with the age identities in this file (age-keygen output); repeatable (default: $INFLUXDUMP_IDENTITY_FILE).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump inspect" s3-endpoint' -l 's3-endpoint' -d 'S3-compatible endpoint for s3:// paths, addressed path-style (default: $AWS_ENDPOINT_URL; none: AWS). Credentials come from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY or $AWS_PROFILE.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump inspect" s3-region' -l 's3-region' -d 'Region of s3:// paths (default: $AWS_REGION, the profile\'s, or us-east-1).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump inspect"' -l 'identity' -d 'Decrypt encrypted archives with the age identities in this file (age-keygen output); repeatable (default: $INFLUXDUMP_IDENTITY_FILE).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump inspect" segments' -l 'segments' -d 'List every segment file too.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump inspect" json' -l 'json' -d 'Print one JSON object on stdout instead of the tables (formats/results.md).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump inspect" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump inspect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" keep-last' -l 'keep-last' -d 'Keep the newest n archives.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" keep-daily' -l 'keep-daily' -d 'Keep the newest archive of each of the last n days (UTC) that have one.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" keep-within' -l 'keep-within' -d 'Keep archives made within this long before the newest one, e.g. 36h or 30d.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" s3-endpoint' -l 's3-endpoint' -d 'S3-compatible endpoint for s3:// paths, addressed path-style (default: $AWS_ENDPOINT_URL; none: AWS). Credentials come from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY or $AWS_PROFILE.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" s3-region' -l 's3-region' -d 'Region of s3:// paths (default: $AWS_REGION, the profile\'s, or us-east-1).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune"' -l 'identity' -d 'Decrypt encrypted archives with the age identities in this file (age-keygen output); repeatable (default: $INFLUXDUMP_IDENTITY_FILE).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" dry-run' -l 'dry-run' -d 'Only say what would be removed.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump prune" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" once' -l 'once' -d 'Run each job once now and exit (schedules ignored).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" validate-only' -l 'validate-only' -d 'Only check the job files: one line per file, exit 2 on any error.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" json' -l 'json' -d 'With --once: print one JSON object with every job\'s outcome on stdout instead of the summary table (formats/results.md).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" q quiet' -s 'q' -l 'quiet' -d 'Only warnings and errors.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" progress' -l 'progress' -d 'auto (a live line per transfer when stderr is a terminal), live, plain (a line every 10 s, for logs) or off. Always on stderr; --quiet turns it off.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical.' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" umask' -l 'umask' -d 'Octal umask for the files and folders written (077: files 0600, folders 0700).' -rfka ''
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump config" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_positional "influxdump config" -eq 1' -fa 'convert' -d 'Print the native job file equivalent to a job file (either shape of the Python toolkit\'s, or native).'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump config convert" version' -l 'version' -d 'Show the version.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump config convert" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'influxdump' -n '__influxdump_should_offer_completions_for_flags_or_options "influxdump help" version' -l 'version' -d 'Show the version.'
