"""The Textual reader: shows what the core lays out and forwards keys to it."""
