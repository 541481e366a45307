"""What an importer tells the user about what it did."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..core.model import Text


@dataclass
class ImportReport:
    text: Text
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line, content)
    warnings: list[str] = field(default_factory=list)
    dropped_label: str = "page navigation"  # what the dropped lines were
    details: list[str] = field(default_factory=list)  # more about what was found
    # Non-blank characters of the source by where they went (pair kinds, "footnote",
    # "metadata", "dropped"); they add up to `source_chars`.
    accounting: dict[str, int] = field(default_factory=dict)
    source_chars: int = 0

    def lines(self) -> list[str]:
        kinds = getattr(self.text.pairs, "kinds", None) or Counter(pair.kind for pair in self.text.pairs)
        out = [
            f"imported {self.text.id!r}: {len(self.text.pairs)} pairs "
            f"({', '.join(f'{n} {kind}' for kind, n in kinds.items())})",
        ]
        meta = self.text.meta
        for label, value in (
            ("title (en)", meta.title.get("en", "")),
            ("title (zh)", meta.title.get("zh", "")),
            ("author", " / ".join(v for v in (meta.author.get("en"), meta.author.get("zh")) if v)),
            ("source", meta.source),
            ("editor", meta.editor),
            ("published", meta.published),
        ):
            if value:
                out.append(f"  {label}: {value}")
        out += self.details
        if self.accounting:
            counted = sum(self.accounting.values())
            out.append(
                f"accounted for {counted} of the source's {self.source_chars} non-blank characters: "
                + ", ".join(f"{n} {category}" for category, n in self.accounting.items())
            )
        if self.dropped:  # nothing is said of what was not there
            out.append(f"dropped {len(self.dropped)} line(s) of {self.dropped_label}:")
            out += [f"  line {line}: {content}" for line, content in self.dropped]
        out.append(f"{len(self.warnings)} warning(s)" + (":" if self.warnings else ""))
        out += [f"  {warning}" for warning in self.warnings]
        return out
