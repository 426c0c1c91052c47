"""Tin Xã: a static news portal for a Vietnamese commune.

The modules here are plain Python stages of one pipeline
(read posts -> plan pages -> render -> publish photos); only ``entry`` knows MkDocs.
"""
