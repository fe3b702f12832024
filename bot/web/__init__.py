"""The web side: the leaders' board (pages rendered on the server, bot/web/board.py)."""
