"""rxanswers: drug information answered from FDA labeling, every sentence cited."""

__version__ = "0.1.0"
