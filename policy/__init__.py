"""The policy record: regulators, materials, instruments, licence events, ingestion."""
