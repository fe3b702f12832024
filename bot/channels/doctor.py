"""The doctor's network checks, the channels' own: Telegram's getMe and getWebhookInfo, Zalo's getMe. A token
is never printed: errors are shown by their kind and the Bot API's description, with the token hidden.
`nhacviec doctor` (bot/cli/ops.py) hands them to bot/ops/doctor.py, which runs every check."""

from __future__ import annotations

from bot.ops import texts as t
from bot.ops.findings import Finding

PENDING_WARN = 100  # updates waiting: a bot that runs keeps this near 0


async def remote_findings(settings) -> list[Finding]:
    found = await telegram_findings(settings)
    found += await zalo_findings(settings)
    return found


def _hidden(text: str, settings) -> str:
    for secret in settings.secrets():
        text = text.replace(secret, "***")
    return text


async def telegram_findings(settings) -> list[Finding]:
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError

    if not settings.has_telegram:
        return [Finding("info", t.TG_NO_TOKEN, t.TG_NO_TOKEN_FIX)]
    bot = Bot(settings.telegram_token.get_secret_value(), base_url=settings.telegram_base_url,
              base_file_url=settings.telegram_base_file_url)
    try:
        async with bot:
            me = bot.bot
            info = await bot.get_webhook_info()
    except InvalidToken as problem:
        return [Finding("error", t.TG_TOKEN_BAD.format(error=_hidden(str(problem), settings)), t.TG_TOKEN_BAD_FIX)]
    except NetworkError as problem:  # BadRequest is a NetworkError: Telegram answered, but not ok
        return [Finding("error", t.TG_UNREACHABLE.format(error=_hidden(f"{type(problem).__name__}: {problem}",
                                                                       settings)), t.TG_UNREACHABLE_FIX)]
    except TelegramError as problem:
        return [Finding("error", t.TG_TOKEN_BAD.format(error=_hidden(str(problem), settings)), t.TG_TOKEN_BAD_FIX)]
    found = [Finding("ok", t.TG_TOKEN_OK.format(username=me.username, id=me.id))]
    return found + webhook_findings(settings, info)


def webhook_findings(settings, info) -> list[Finding]:
    found: list[Finding] = []
    pending = info.pending_update_count or 0
    if settings.webhook_url:
        if info.url != settings.webhook_url:
            found.append(Finding("warn", t.TG_WEBHOOK_MISSING.format(wanted=settings.webhook_url, url=info.url or "—"),
                                 t.TG_WEBHOOK_MISSING_FIX))
        else:
            found.append(Finding("ok", t.TG_WEBHOOK_OK.format(url=info.url, pending=pending)))
        if not settings.webhook_secret:
            found.append(Finding("warn", t.TG_NO_SECRET, t.TG_NO_SECRET_FIX))
    elif info.url:
        found.append(Finding("warn", t.TG_WEBHOOK_UNWANTED.format(url=info.url), t.TG_WEBHOOK_UNWANTED_FIX))
    else:
        found.append(Finding("ok", t.TG_POLLING.format(pending=pending)))
    if pending > PENDING_WARN:
        found.append(Finding("warn", t.TG_PENDING.format(pending=pending), t.TG_PENDING_FIX))
    if info.last_error_date:
        at = info.last_error_date.astimezone(_zone()).strftime("%H:%M %d/%m/%Y")
        found.append(Finding("warn", t.TG_LAST_ERROR.format(at=at, error=info.last_error_message or "?"),
                             t.TG_LAST_ERROR_FIX))
    return found


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Ho_Chi_Minh")


async def zalo_findings(settings) -> list[Finding]:
    from bot.channels.zalo_api import ZaloApi, ZaloError

    if not settings.has_zalo:
        return [Finding("info", t.ZALO_NO_TOKEN)]
    api = ZaloApi(settings.zalo_token.get_secret_value(), settings.zalo_base_url)
    try:
        me = await api.call("getMe") or {}
    except ZaloError as problem:  # its text has the token hidden already
        return [Finding("error", t.ZALO_TOKEN_BAD.format(error=problem), t.ZALO_TOKEN_BAD_FIX)]
    finally:
        await api.aclose()
    name = me.get("display_name") or me.get("account_name") or me.get("name") or me.get("id") or "?"
    return [Finding("ok", t.ZALO_TOKEN_OK.format(name=name))]
