"""The `nhacviec` command: main (plan, schedule, init…), run (the bot, the console, reports, simulate).
The top floor of bot/: it wires every other (the settings and the logs it sets up are in bot/ops)."""
