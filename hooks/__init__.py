"""Tin Xã: a static news portal for a Vietnamese commune.

The modules here are plain Python stages of one pipeline
(read posts -> publish their photos -> plan pages -> render -> write search index and feeds); only ``entry`` knows MkDocs.
"""
