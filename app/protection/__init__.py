"""Protection for travel: an encrypted store, locked handouts and sealed bundles.

- ``sqldb``: the one place that picks the SQLite driver for a file (SQLCipher for an encrypted
  store, the standard library otherwise) and the error classes both drivers raise;
- ``keys``: passphrases held in memory for this process, and the keys derived from them;
- ``passphrases``: where a command-line passphrase comes from, and the rules for a new one;
- ``conversion``: encrypting, re-keying and decrypting a store and its backups, atomically;
- ``envelope``: sealed bundles (an encrypted container around any bundle file).

Nothing here imports Qt. The passphrase never leaves memory: it is not written to settings,
logs, crash reports or the bundle inbox.
"""
