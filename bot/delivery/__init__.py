"""How replies leave the bot, pure (asyncio, no chat platform): the outbox that queues, limits
and sends every message through a `Transport`, at most once (`outbox`, `dispatch`, `sending`),
the rate limits and per-chat queues with de-duplication and merging (`rates`, `throttle`),
groups the bot is muted in (`mutes`), the loop guard against other bots (`loopguard`),
splitting long answers into a handful of parts (`splitting`), when to speak in a group
(`group_policy`), and the batched hand-off notices to admins (`notices`, `notifier`)."""
