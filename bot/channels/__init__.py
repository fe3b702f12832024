"""The channels, thin: a platform's update becomes an Incoming, the core answers, the channel delivers.

channel: the Channel protocol, what every channel implements (a new one: a module and a row in registry's
CHANNELS); telegram_channel + telegram (python-telegram-bot), zalo_channel + zalo and zalo_api (Zalo's Bot
API over httpx), console (a terminal); outbox: what every channel does alike to a reply (cut it to the
platform's length, buttons as text).
"""
