"""Writes for the readers app, by job: comments, subscriptions, the digest, mail."""
