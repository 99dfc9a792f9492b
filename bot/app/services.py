"""The one place the process's services are built: `Services`, made once at start-up.

`build` loads the knowledge (a broken file raises here and stops start-up, naming file and
entry), the code table, the outbox and the hand-off notifier; the FAQ database is opened when the
driver starts (`open_faq`) and closed with the rest when it stops (`close`). Everything that
needs a service asks `services()`; the plugins do so through the dependency aliases of
`plugins/_common/deps.py`. Tests swap in their own with `install`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.health import Health
from bot.app.sending import AdminChannel, ChatOutbox, build_outbox
from bot.assistant import Assistant
from bot.codes import CodeBook
from bot.config import Settings
from bot.delivery.notices import notify_targets
from bot.delivery.notifier import Notifier
from bot.faq import DB_FILE, FaqService

if TYPE_CHECKING:
    from bot.app.files import FileDesk

FAQ_DATA_DIR = "faq_admin"
"""The FAQ database has lived in the localstore data dir of the faq_admin plugin since the
first release; the name stays so that no stored change is lost."""


@dataclass
class Services:
    """The process's services; see the module docstring."""

    settings: Settings
    assistant: Assistant
    codebook: CodeBook
    outbox: ChatOutbox
    admins: AdminChannel
    """The notifier's way out (the outbox, from the account that handled a hand-off)."""
    notifier: Notifier
    faq: FaqService | None = None
    """Open while the driver runs (`open_faq`); None before start-up and in `python -m bot ask`."""
    superusers: tuple[str, ...] = ()
    command_starts: tuple[str, ...] = ("/",)
    nickname: str = "填报助手"
    """NoneBot's settings the outbox and the notifier were built with."""
    health: Health = field(default_factory=Health)
    """The QQ accounts' connection state, for the admins' notices and `/healthz`."""
    files: FileDesk = field(default_factory=lambda: _file_desk())
    """Fetches and checks the files users send; remembers recent uploads."""

    def faq_service(self) -> FaqService:
        if self.faq is None:
            raise RuntimeError("the FAQ database is opened when the driver starts")
        return self.faq

    async def open_faq(self, path: Path) -> FaqService:
        """Open the FAQ database and apply its stored changes to the assistant."""
        self.faq = await FaqService.open(
            path,
            self.assistant.knowledge,
            self.assistant.set_entries,
            answer_max_chars=self.settings.assistant_answer_max_chars,
        )
        return self.faq

    async def close(self) -> None:
        """Stop the notifier and the outbox (everyone waiting is released), close the FAQ."""
        await self.notifier.close()
        await self.outbox.close()
        if self.faq is not None:
            faq, self.faq = self.faq, None
            await faq.close()

    async def renew_delivery(self) -> None:
        """Stop the notifier and the outbox and put fresh ones in their place, with a fresh
        connection state (between tests: no queue, rate, pending notice or outage leaks into
        the next)."""
        await self.notifier.close()
        await self.outbox.close()
        self.outbox = build_outbox(
            self.settings,
            superusers=self.superusers,
            command_starts=self.command_starts,
            nickname=self.nickname,
        )
        self.admins = AdminChannel(self.outbox)
        self.notifier = build_notifier(self.settings, self.admins, self.superusers)
        self.health = Health()


def _file_desk() -> FileDesk:
    # Imported here: bot.app.files asks `services()` for the outbox.
    from bot.app.files import FileDesk

    return FileDesk()


def build_notifier(settings: Settings, admins: AdminChannel, superusers: Iterable[str]) -> Notifier:
    return Notifier(
        notify_targets(settings, superusers),
        settings.assistant_notify_interval_minutes * 60,
        admins,
    )


def build(
    settings: Settings,
    *,
    superusers: Iterable[str] = (),
    command_starts: Iterable[str] = ("/",),
    nickname: str = "填报助手",
) -> Services:
    """Every service of the process, from the settings and NoneBot's own configuration."""
    users = tuple(str(s) for s in superusers)
    starts = tuple(command_starts)
    codebook = CodeBook.load()
    assistant = Assistant.load(settings, codebook)
    outbox = build_outbox(settings, superusers=users, command_starts=starts, nickname=nickname)
    admins = AdminChannel(outbox)
    return Services(
        settings=settings,
        assistant=assistant,
        codebook=codebook,
        outbox=outbox,
        admins=admins,
        notifier=build_notifier(settings, admins, users),
        superusers=users,
        command_starts=starts,
        nickname=nickname,
    )


def faq_database_path() -> Path:
    """Where the FAQ database lives: the localstore data dir of `FAQ_DATA_DIR`
    (LOCALSTORE_DATA_DIR and LOCALSTORE_PLUGIN_DATA_DIR are honoured), file `DB_FILE`."""
    import nonebot_plugin_localstore as localstore

    override = localstore.plugin_config.localstore_plugin_data_dir.get(FAQ_DATA_DIR)
    directory = override if override is not None else localstore.get_data_dir(FAQ_DATA_DIR)
    return Path(directory) / DB_FILE


_current: Services | None = None


def services() -> Services:
    """The services of this process (built by `bot.app.init`)."""
    if _current is None:
        raise RuntimeError("bot.app.init() has not built the services yet")
    return _current


def install(new: Services | None) -> Services | None:
    """Make `new` the process's services (start-up, tests); returns the previous ones."""
    global _current
    previous, _current = _current, new
    return previous
