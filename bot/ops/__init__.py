"""What whoever runs the server needs: the settings (read once from the environment and .env, with the days
and moments they and the commands take), the logs (secrets masked), the bot's own HTTP server (webhooks,
/healthz, /readyz, /metrics), health and metrics, and `nhacviec doctor`'s checks, with their own Vietnamese
sentences (texts). Below the channels, which are served, counted and configured by it."""
