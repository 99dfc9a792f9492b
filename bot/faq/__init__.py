"""Admin changes to the knowledge: SQLite storage and its migrations, the repository of revisions,
missed questions and export/import, and `FaqService`, which chat commands and the command line
both call. Import from here: the modules behind this facade are free to move."""

from bot.faq.repository import (
    Actor,
    AuditRecord,
    EntryState,
    FaqError,
    FaqRepository,
    ImportResult,
    InvalidInputError,
    MissedGroup,
    Page,
    Revision,
)
from bot.faq.service import DB_FILE, FaqService, opened
from bot.faq.storage import Storage, StorageError

__all__ = [
    "DB_FILE",
    "Actor",
    "AuditRecord",
    "EntryState",
    "FaqError",
    "FaqRepository",
    "FaqService",
    "ImportResult",
    "InvalidInputError",
    "MissedGroup",
    "Page",
    "Revision",
    "Storage",
    "StorageError",
    "opened",
]
