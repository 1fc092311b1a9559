"""Demo data for ``manage.py seed_demo``. Every function here can run any number of times."""
