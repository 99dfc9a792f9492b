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
    """The database cannot be opened (newer schema than this code, damaged, held by another
    process...); the message, in Chinese, names the file and what to do. Start-up stops on it."""


class StorageCorruptError(StorageError):
    """The database file is damaged, not a database, or not a file; the message (Chinese, for
    the operator) names it and says how to restore it. Start-up stops on it."""


class StorageLockedError(StorageError):
    """Another process (a second bot) holds the database; the message is for the operator."""


class StorageWriteError(FaqError):
    """A change could not be stored (nothing was); the message says why, for the admin."""


class ReadOnlyStorageError(StorageWriteError):
    """The data dir (or the database file) cannot be written."""


class DiskFullError(StorageWriteError):
    """The disk holding the database is full."""
