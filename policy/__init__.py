"""The policy record: regulators, materials, instruments and licence events with their
facts, the diff and timeline, and outside reporting (`policy.reporting`)."""
