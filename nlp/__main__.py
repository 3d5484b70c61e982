"""``python -m nlp``: the ``criteria`` command line, through the same entry point as the script."""

from .cli import main

if __name__ == "__main__":
    main()
