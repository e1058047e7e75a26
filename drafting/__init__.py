"""drafting: drafts 工作要点 and 讲话 from a snippet library, in GB/T 9704 layout."""

__version__ = "0.1.0"
