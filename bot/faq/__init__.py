"""Admin changes to the knowledge: SQLite storage and its migrations, the repository of revisions,
missed questions and export/import, and `FaqService`, which chat commands and the command line
both call. Import from here: the modules behind this facade are free to move.

    errors        FaqError (Chinese message for the admin) and its kinds; StorageError
    model         Actor, EntryState, Revision, AuditRecord, MissedGroup, Page, ImportResult
    schema        the ordered migrations and the code that applies them
    storage       the open database: safe opening (checks, lock, read-only), transactions
    lock          the OS lock that keeps a second bot off the database
    backup        consistent copies (before each migration too) and restoring one
    revisions     entry revisions and the merge rule over the shipped files
    inputs        what an admin may store (lengths, no duplicate phrasing)
    missed        the missed-question queue
    audit         the log of every change
    import_export the FAQ as a knowledge file, and such a file checked before import
    repository    FaqRepository: every admin request over one Storage
    stats         usage counts per hour: the in-memory buffer, batch writes, figure queries
    usage         UsageRecorder: counting on the question path, batched writes, figures
    spreadsheet   the admins' .xlsx (openpyxl loaded only here)
    service       FaqService: each change stored, then applied to the assistant
"""

from bot.faq.backup import backup_database, default_backup_path, restore_database
from bot.faq.errors import (
    DiskFullError,
    FaqError,
    InvalidInputError,
    ReadOnlyStorageError,
    StorageCorruptError,
    StorageError,
    StorageLockedError,
    StorageWriteError,
)
from bot.faq.missed import MissedQuestion
from bot.faq.model import (
    Actor,
    AuditRecord,
    EntryState,
    ImportResult,
    MissedGroup,
    Page,
    Revision,
)
from bot.faq.repository import FaqRepository
from bot.faq.service import DB_FILE, FaqService, opened
from bot.faq.stats import DayCount, EntryUsage, HourCount, UsageSummary
from bot.faq.storage import Storage
from bot.faq.usage import UsageRecorder

__all__ = [
    "DB_FILE",
    "Actor",
    "AuditRecord",
    "DayCount",
    "DiskFullError",
    "EntryState",
    "EntryUsage",
    "FaqError",
    "FaqRepository",
    "FaqService",
    "HourCount",
    "ImportResult",
    "InvalidInputError",
    "MissedGroup",
    "MissedQuestion",
    "Page",
    "ReadOnlyStorageError",
    "Revision",
    "Storage",
    "StorageCorruptError",
    "StorageError",
    "StorageLockedError",
    "StorageWriteError",
    "UsageRecorder",
    "UsageSummary",
    "backup_database",
    "default_backup_path",
    "opened",
    "restore_database",
]
