"""Helpers shared by the plugins (not a plugin itself: the leading underscore keeps
`nonebot.load_plugins` from loading it): the service aliases (`deps`), the command words
(`commands`), who the bot talks to (`scope`), messages another plugin answers instead of the
question path (`claims`), sending a reply (`replies`) and the after-reply hooks (`events`).

Importing it makes sure the services exist (`bot.app.ensure_services`: a no-op after
`bot.app.init`, the start-up when an app such as `nb run` loads the plugins by itself); a broken
knowledge file stops start-up here, naming the file and entry.
"""

from bot.app import ensure_services

ensure_services()
