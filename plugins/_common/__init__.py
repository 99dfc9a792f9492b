"""Helpers shared by the plugins (not a plugin itself: the leading underscore keeps
`nonebot.load_plugins` from loading it)."""
