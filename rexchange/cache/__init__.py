"""The shared cache: Redis, behind a backend that survives Redis going away."""
