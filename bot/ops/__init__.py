"""What whoever runs the server needs: the bot's own HTTP server (webhooks, /healthz, /readyz, /metrics),
health and metrics, and `nhacviec doctor`'s checks, with their own Vietnamese sentences (texts)."""
