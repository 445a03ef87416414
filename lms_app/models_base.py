"""Column helpers shared by the models of every area."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timezone-aware now in UTC; every timestamp is stored in UTC."""
    return datetime.now(timezone.utc)
