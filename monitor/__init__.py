"""The application: config, runner, state, sinks, coverage, daemon, CLI, lab."""
