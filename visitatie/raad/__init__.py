"""Horizontal accountability: a plain-Dutch summary per municipality and province per edition
(pure builder, questions for the council, readability checks), the public portal and the batch."""
