"""The bot's web side: one Starlette application, served by uvicorn in the bot's own event loop (app.py,
server.py), with the guards every webhook shares (guards.py), the leaders' board (board.py: pages rendered on
the server), the calendar feeds (feeds.py) and the signed links both open by (access.py)."""
