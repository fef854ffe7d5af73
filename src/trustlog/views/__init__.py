"""Rendering that features share: the SVG kit and the printable counselling page."""
