"""Account security for the site: two-factor authentication, session limits, login lock-out and
the content security policy. See docs/security.md."""
