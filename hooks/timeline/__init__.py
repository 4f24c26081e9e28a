"""Russia and NATO timeline: data loading, validation, model and rendering.

Pure Python: nothing here imports MkDocs, so the data, its rules and its pages can be
tested without a build and could move to another generator. The MkDocs glue lives in
``hooks/timeline_pages.py``.
"""
