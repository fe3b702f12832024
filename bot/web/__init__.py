"""The bot's web side: the board's pages, the calendar feeds, the webhooks, health (Starlette on uvicorn)."""
