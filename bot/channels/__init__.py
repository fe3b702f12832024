"""The channels, thin: a platform's update becomes an Incoming, the core answers, the channel delivers.

telegram (python-telegram-bot), zalo and zalo_api (Zalo's Bot API over httpx), console (a terminal);
outbox: what every channel does alike to a reply (cut it to the platform's length, buttons as text).
"""
