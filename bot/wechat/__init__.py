"""The WeChat channel: signatures, AES, XML in/out, dedupe of retries, the WSGI app, `serve`.

WeRoBot does the protocol work (signatures, AES envelope, typed messages, reply templates);
protocol.py and mapping.py wrap it where ../shared/notes/werobot.md says it must be wrapped."""
