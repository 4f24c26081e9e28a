"""The record types: one registry, one name for each.

A type's ``key`` is its name everywhere: in ``RawData.of(key)``, in the schemas' lookup
(``schema.load_schema(key)``), in a link from data Markdown (``key:ID``, e.g. ``source:time-2019``),
in the model's dict of records (``Site.<key>``) and in messages ("is not a known source").
Every other table of record types (data files, schema files, page folders, where an editor
finds the ids) is derived from this one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordType:
    key: str  # 'event': the one name of the type, also the scheme of links to it (event:ID)
    data_path: str | None  # under data/: a folder of <id>.yaml files, or one table file; None: not in data/
    schema_file: str  # in docs/schema/: the schema of its records, or where they are defined
    page_folder: str  # in the site: its pages are <page_folder>/<id>.md

    @property
    def in_data(self) -> bool:
        """Loaded from data/ (every type but the kinds, which the event schema defines)."""
        return self.data_path is not None

    @property
    def is_table(self) -> bool:
        """One file of many records (data/actors.yaml), not a folder of one file each."""
        return bool(self.data_path and self.data_path.endswith(".yaml"))

    @property
    def schema_name(self) -> str:
        """The schema file's name without its suffix: 'event', 'actors'."""
        return self.schema_file.removesuffix(".schema.json")

    @property
    def where(self) -> str:
        """Where an editor finds the known ids, as messages name it."""
        if self.data_path is None:
            return f"the {self.key}s in docs/schema/{self.schema_file}"
        return f"data/{self.data_path}" + ("" if self.is_table else "/")

    @property
    def file_pattern(self) -> str:
        """The data file of one record, as the field reference names it."""
        return f"data/{self.data_path}" if self.is_table else f"data/{self.data_path}/<id>.yaml"

    @property
    def plural(self) -> str:
        """'events': the name of the model's tuple of these records (``Site.events``) and of
        their download (events.json), the same as their page folder."""
        return self.page_folder

    @property
    def back_links(self) -> str:
        """'by_topic': the model's dict of the events of each record of this type."""
        return f"by_{self.key}"

    def page(self, ident: str) -> str:
        """Source path of a record's page: 'events/x.md'."""
        return f"{self.page_folder}/{ident}.md"


# In the order that messages list the link schemes (event:, topic:, actor:, source:, era:, kind:).
ALL = (
    RecordType("event", "events", "event.schema.json", "events"),
    RecordType("topic", "topics", "topic.schema.json", "topics"),
    RecordType("actor", "actors.yaml", "actors.schema.json", "actors"),
    RecordType("source", "sources.yaml", "sources.schema.json", "sources"),
    RecordType("era", "eras.yaml", "eras.schema.json", "eras"),
    RecordType("kind", None, "event.schema.json", "kinds"),
)
BY_KEY = {t.key: t for t in ALL}
# The types loaded from data/, as the data folder and the field reference list them: a file
# per record first, then the tables, each alphabetically.
IN_DATA = tuple(sorted((t for t in ALL if t.in_data), key=lambda t: (t.is_table, t.key)))
EVENT, TOPIC, ACTOR, SOURCE, ERA, KIND = ALL
