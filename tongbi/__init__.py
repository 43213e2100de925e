"""tongbi (同比): extract, cross-check and publish the figures of Chinese government reports."""

__version__ = "0.1.0"
