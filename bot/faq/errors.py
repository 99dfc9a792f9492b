"""Every error of the FAQ package. `FaqError` messages are Chinese and meant for the admin:
the chat handler and the command line show them as they are."""

from __future__ import annotations


class FaqError(ValueError):
    """A request that cannot be carried out; the message is for the admin, in Chinese."""


class EntryNotFoundError(FaqError):
    pass


class DuplicateQuestionError(FaqError):
    pass


class InvalidInputError(FaqError):
    pass


class VersionNotFoundError(FaqError):
    pass


class MissedNotFoundError(FaqError):
    pass


class ImportFailedError(FaqError):
    pass


class StorageError(RuntimeError):
    """The database file is unusable (newer schema than this code, corrupt...)."""
