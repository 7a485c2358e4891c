"""Who the user is, for clearances and comments, when Preferences do not say."""

from __future__ import annotations

import getpass
import os


def account_full_name() -> str:
    """The account's full name (its GECOS field on Unix), else its login name, else ""."""
    try:
        import pwd

        gecos = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        if gecos:
            return gecos
    except (ImportError, KeyError, OSError):
        pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment or the password database
        return ""
