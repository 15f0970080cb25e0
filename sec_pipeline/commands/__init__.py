"""Subcommands of the `sec-pipeline` CLI; each module exposes `register(subparsers)`."""
