"""Prefect flows: thin wiring of tongbi's library stages into tasks and one pipeline flow."""
