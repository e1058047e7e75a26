"""``python -m drafting``: the same as the ``draft`` command."""

from .entry import run

if __name__ == "__main__":  # not again in a worker process started by importing this module
    run()
