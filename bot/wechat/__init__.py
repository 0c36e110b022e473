"""The WeChat channel: signatures, AES, XML in/out, dedupe of retries, the WSGI app, `serve`."""
