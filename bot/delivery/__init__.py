"""How replies leave the bot, pure (asyncio, no chat platform): the outbox that queues, limits,
retries and sends every message through a `Transport` (`outbox`, `sending`), the rate limits and
per-chat queues with de-duplication and merging (`rates`, `throttle`), the loop guard against
other bots (`loopguard`), splitting long answers (`splitting`), when to speak in a group
(`group_policy`), the batched hand-off notices to admins (`notices`, `notifier`), and the memory
of events already taken, so that a repeated delivery is dropped (`seen`)."""
