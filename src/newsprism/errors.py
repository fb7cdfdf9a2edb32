"""Errors the user can act on. The CLI prints their message and exits with 1."""


class NewsprismError(Exception):
    """A failure with a message meant for the user, naming the file and the problem."""


class InputError(NewsprismError):
    """An input (file, line, URL) that cannot be read as an article."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message
