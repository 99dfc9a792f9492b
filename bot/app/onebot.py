"""The OneBot v11 adapter as the bot registers it: NoneBot's, with three additions.

- Start-up refuses an unsafe set-up (`bot.app.security.startup_problem`) with one line and a
  non-zero exit, and installs `OneBotGate` in front of the driver's app (HTTP event routes
  off unless ONEBOT_HTTP_POST; an authenticated reconnect replaces a half-open connection).
- `json_to_event` normalises each payload before the adapter's strict models see it
  (`bot.app.events`): odd but valid events are answered instead of dropped in silence.
- It drops a repeated delivery of an event already taken (`bot.delivery.seen`), before
  NoneBot dispatches anything, so a question is answered once and an admin command acts once.
"""

from __future__ import annotations

from typing import Any

from nonebot import get_plugin_config
from nonebot.adapters.onebot.v11 import Adapter as NoneBotAdapter
from nonebot.adapters.onebot.v11 import Event
from nonebot.drivers import ASGIMixin, Driver
from nonebot.log import logger

from bot.app.events import event_key, normalise
from bot.app.security import GatePolicy, OneBotGate, startup_problem
from bot.config import Settings
from bot.delivery.seen import SeenEvents


class OneBotAdapter(NoneBotAdapter):
    """NoneBot's OneBot v11 adapter, gated, with normalised and de-duplicated events."""

    seen_events = SeenEvents()
    """Events taken in the last minutes; one memory for the process, as the adapter's
    `json_to_event` is a class method."""

    def __init__(self, driver: Driver, **kwargs: Any) -> None:
        super().__init__(driver, **kwargs)
        http_post = get_plugin_config(Settings).onebot_http_post
        token = self.onebot_config.onebot_access_token or None
        secret = self.onebot_config.onebot_secret or None
        problem = startup_problem(self.config.host, token, secret, http_post)
        if problem is not None:
            raise SystemExit(problem)
        if isinstance(driver, ASGIMixin):
            driver.server_app.add_middleware(
                OneBotGate,
                policy=GatePolicy(access_token=token, secret=secret, http_post=http_post),
                connected=lambda: self.bots,
            )

    @classmethod
    def json_to_event(cls, json_data: Any) -> Event | None:
        if isinstance(json_data, dict) and "post_type" in json_data:
            try:
                event = normalise(json_data)
                if event is None:
                    logger.debug("Ignored an event that cannot be answered: {!r}", json_data)
                    return None
                key = event_key(event)
                if key is not None and not cls.seen_events.first_time(key):
                    logger.info(
                        "Ignored a repeated delivery of message {} from {}",
                        event["message_id"],
                        event["user_id"],
                    )
                    return None
            except Exception:  # raised here it would end the connection; never for one event
                logger.opt(exception=True).warning("Ignored an event that could not be read")
                return None
            json_data = event
        return super().json_to_event(json_data)


Adapter = OneBotAdapter
"""Under the name nb-cli imports: `[tool.nonebot.adapters]` names this module, so `nb run`
serves through the same gate as `python -m bot`."""
