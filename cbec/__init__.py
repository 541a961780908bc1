"""CBEC Talent Standards platform."""
