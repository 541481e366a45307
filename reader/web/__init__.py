"""The reader served to web browsers (`reader serve`): the server and its page."""
