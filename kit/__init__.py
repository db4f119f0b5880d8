"""kit: turn a team's measurable success story into the documents that make people care."""

__version__ = "0.1.0"
