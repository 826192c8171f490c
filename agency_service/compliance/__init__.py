"""Contracts and ad-content compliance (004 §5.2–5.3): the prohibited-term check, its reviews and gates."""
