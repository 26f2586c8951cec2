"""Test settings: the real settings module, with the environment a test run needs.

Only environment defaults are set here, so tests exercise exactly the production code paths.
The live test server speaks plain HTTP, so HTTPS-only cookies and redirects are off.
"""

import os

os.environ.setdefault("PANORAMA_HTTPS", "false")
# Two-factor sign-in is tested on its own (test_accounts_two_factor.py); other tests sign in once.
os.environ.setdefault("PANORAMA_REQUIRE_2FA", "false")

from panorama.settings import *  # noqa: E402, F403

# Real hashing costs ~0.3 s a password; tests make many people and prove nothing about PBKDF2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
