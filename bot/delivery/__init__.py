"""How replies leave the bot: throttling, the loop guard, splitting, when to speak in a group
and the batched hand-off notices to admins."""
