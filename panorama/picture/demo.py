def load(*, scale: str, stdout) -> None:
    """Demo data for this app (idempotent); `scale == "uk"` adds the large synthetic picture."""
