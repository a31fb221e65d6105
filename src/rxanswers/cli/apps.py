from django.apps import AppConfig


class CliConfig(AppConfig):
    """The command line's subcommands that span layers (ask, serve, setup, ingest, download, drug)."""

    name = "rxanswers.cli"
    label = "cli"
