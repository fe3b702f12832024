"""The `nhacviec` command: main (plan, schedule, init…), run (the bot, the console, reports, simulate),
settings (read once from the environment and .env), logs (tokens masked)."""
