"""Web wiring above the data layer: sign-in, the reader, caches, security headers, compression, downloads."""
