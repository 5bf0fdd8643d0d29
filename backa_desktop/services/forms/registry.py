"""The form registry: every form and Behovskompass definition of one directory, checked
at load, and the release of a new version."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from backa_desktop.domain.forms import (
    SOURCE_LANGUAGE,
    CompassDefinition,
    FormDefinition,
    FormResponse,
    localize_compass,
    localize_form,
)
from backa_desktop.services.forms.loading import (
    WHOLE_FILE,
    YAML_SUFFIXES,
    Definition,
    FormLoadError,
    FormNotFoundError,
    LoadProblem,
    definition_from,
)
from backa_desktop.services.forms.lock import LOCK_FILE, lock_problems, read_lock, write_lock


class FormRegistry:
    """All definitions of one forms directory. Immutable once loaded; build it once in the
    composition root and pass it to whoever renders or checks forms."""

    def __init__(
        self,
        directory: Path,
        forms: Mapping[tuple[str, int], FormDefinition],
        compasses: Mapping[int, CompassDefinition],
        sources: Mapping[tuple[str, int], Path],
        language: str = SOURCE_LANGUAGE,
    ) -> None:
        self.directory = directory
        self._forms = dict(forms)
        self._compasses = dict(compasses)
        self._sources = dict(sources)
        self.language = language

    def in_language(self, language: str) -> FormRegistry:
        """The same definitions with their texts in `language` where the files translate them
        (Swedish otherwise). Content hashes stay the Swedish originals', so a response given
        while the form was shown in English is checked and stored as usual."""
        forms = {k: localize_form(d, language) for k, d in self._forms.items()}
        compasses = {v: localize_compass(c, language) for v, c in self._compasses.items()}
        return FormRegistry(self.directory, forms, compasses, self._sources, language)

    @classmethod
    def load(cls, directory: Path) -> FormRegistry:
        return cls._load(Path(directory), allow_unlocked=False)

    @classmethod
    def _load(cls, directory: Path, *, allow_unlocked: bool) -> FormRegistry:
        if not directory.is_dir():
            raise FormLoadError([LoadProblem(directory, WHOLE_FILE, "katalogen finns inte")])
        files = sorted(
            p
            for p in directory.iterdir()
            if p.suffix in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
        problems: list[LoadProblem] = []
        loaded: list[tuple[Path, Definition]] = []
        for path in files:
            try:
                loaded.append((path, definition_from(path)))
            except FormLoadError as error:
                problems.extend(error.problems)
        forms: dict[tuple[str, int], FormDefinition] = {}
        compasses: dict[int, CompassDefinition] = {}
        sources: dict[tuple[str, int], Path] = {}
        for path, definition in loaded:
            key = (definition.id, definition.version)
            if key in sources:
                problems.append(
                    LoadProblem(
                        path, "version", f"{key[0]} v{key[1]} finns redan i {sources[key].name}"
                    )
                )
                continue
            sources[key] = path
            if isinstance(definition, CompassDefinition):
                compasses[definition.version] = definition
            else:
                forms[key] = definition
        problems.extend(_indicator_problems(forms, compasses, sources))
        lock_path = directory / LOCK_FILE
        try:
            lock = read_lock(lock_path)
        except FormLoadError as error:
            problems.extend(error.problems)
            lock = {}
        by_key: dict[tuple[str, int], Definition] = {**forms}
        by_key.update({(c.id, v): c for v, c in compasses.items()})
        problems.extend(lock_problems(lock_path, lock, by_key, sources, allow_unlocked))
        if problems:
            raise FormLoadError(problems)
        return cls(directory, forms, compasses, sources)

    # lookups

    def get(self, form_id: str, version: int | None = None) -> FormDefinition:
        """The given version (draft or released), or the latest released one."""
        if version is not None:
            try:
                return self._forms[(form_id, version)]
            except KeyError:
                raise FormNotFoundError(f"formuläret {form_id} v{version} finns inte") from None
        released = [d for (fid, _), d in self._forms.items() if fid == form_id and d.released]
        if not released:
            raise FormNotFoundError(f"formuläret {form_id} har ingen släppt version")
        return max(released, key=lambda d: d.version)

    def versions(self, form_id: str) -> list[int]:
        return sorted(v for fid, v in self._forms if fid == form_id)

    def compass(self, version: int | None = None) -> CompassDefinition:
        """The Behovskompass definition: the given version, or the latest released one."""
        if version is not None:
            try:
                return self._compasses[version]
            except KeyError:
                raise FormNotFoundError(f"Behovskompassen v{version} finns inte") from None
        released = [c for c in self._compasses.values() if c.released]
        if not released:
            raise FormNotFoundError("ingen släppt Behovskompass i formulärkatalogen")
        return max(released, key=lambda c: c.version)

    def all_forms(self) -> list[FormDefinition]:
        """Every form version, drafts included, by id then version."""
        return [self._forms[k] for k in sorted(self._forms)]

    def released_forms(self) -> list[FormDefinition]:
        """The latest released version of each form: what a user can start a new answer in."""
        ids = sorted({fid for (fid, _), d in self._forms.items() if d.released})
        return [self.get(fid) for fid in ids]

    def for_response(self, response: FormResponse) -> FormDefinition:
        """The exact definition a response was given under, checked by content hash."""
        definition = self.get(response.form_id, response.form_version)
        if definition.content_hash != response.content_hash:
            raise FormNotFoundError(
                f"{response.form_id} v{response.form_version} har inte den lydelse svaret gavs"
                " under (innehållshashen skiljer sig)"
            )
        return definition

    def source(self, form_id: str, version: int) -> Path:
        return self._sources[(form_id, version)]


def _indicator_problems(
    forms: Mapping[tuple[str, int], FormDefinition],
    compasses: Mapping[int, CompassDefinition],
    sources: Mapping[tuple[str, int], Path],
) -> list[LoadProblem]:
    """Items that rate an indicator must name one that some Behovskompass version has, under
    the same need (an old form may rate an indicator a newer compass dropped)."""
    known: dict[str, set[str]] = {}
    for compass in compasses.values():
        for need in compass.needs:
            for indicator in need.positive_indicators:
                known.setdefault(indicator.id, set()).add(need.id.value)
    problems: list[LoadProblem] = []
    for key, form in forms.items():
        for s, section in enumerate(form.sections):
            for i, item in enumerate(section.items):
                if item.indicator is None:
                    continue
                place = f"sections[{s}].items[{i}].indicator"
                needs = known.get(item.indicator)
                if needs is None:
                    problems.append(
                        LoadProblem(
                            sources[key],
                            place,
                            f"indikatorn '{item.indicator}' finns inte i Behovskompassen",
                        )
                    )
                elif item.need is not None and item.need.value not in needs:
                    problems.append(
                        LoadProblem(
                            sources[key],
                            place,
                            f"indikatorn '{item.indicator}' hör inte till"
                            f" behovet '{item.need.value}'",
                        )
                    )
    return problems



def release(directory: Path, form_id: str, version: int) -> str:
    """Pin a version whose file says `status: released` in `released.lock`; returns its hash.
    Releasing the same content again is a no-op; a changed released version is refused by the
    load itself."""
    directory = Path(directory)
    registry = FormRegistry._load(directory, allow_unlocked=True)
    definition: Definition
    if form_id in {c.id for c in registry._compasses.values()}:
        definition = registry.compass(version)
    else:
        definition = registry.get(form_id, version)
    if not definition.released:
        raise FormLoadError(
            [
                LoadProblem(
                    registry.source(form_id, version),
                    "status",
                    "sätt status: released i filen innan versionen släpps",
                )
            ]
        )
    lock_path = directory / LOCK_FILE
    entries = read_lock(lock_path)
    if entries.get((form_id, version)) != definition.content_hash:
        entries[(form_id, version)] = definition.content_hash
        write_lock(lock_path, entries)
    return definition.content_hash
