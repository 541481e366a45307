"""The reader's core: models, the library store, layout. Knows nothing of terminals."""
