"""NoneBot plugins of 填报助手: thin chat adapters over the core in `bot/`."""
