"""Whitelisted endpoints: admin (Wix Manager), worker (the integration user) and webhook (Wix)."""
