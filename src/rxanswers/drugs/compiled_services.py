"""Appliers for compiled lists: label indications (MedRecPro), interaction pairs, FDA substance names (UNII) and
Orange Book patent use codes; and ``drug_for_substance_name``, a drug created from the substance names file.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from rxanswers.core.models import DataSource, IngestRun
from rxanswers.core.text import normalize_name
from rxanswers.drugs.drug_services import DrugRegistry
from rxanswers.drugs.models import Drug, DrugName
from rxanswers.drugs.naming import ingredients_key

# --- compiled label indications (MedRecPro) ---------------------------------------------------------------


def _drug_ids_for_names(names: list[str]) -> list[int]:
    """The stored drugs a compiled block is about: its names as ingredient keys first ("Penicillamine"), else as
    stored names (brand or generic). A block no stored drug matches is left unlinked (counted, not an error)."""
    from rxanswers.core.text import normalize_name
    from rxanswers.drugs.naming import ingredients_key

    keys = {ingredients_key([normalize_name(n)])[0] for n in names if normalize_name(n)}
    ids = list(Drug.objects.filter(key__in=keys).values_list("id", flat=True))
    if ids:
        return ids
    normalized = {normalize_name(n) for n in names if normalize_name(n)}
    return sorted(set(DrugName.objects.filter(normalized__in=normalized).values_list("drug_id", flat=True)))[
        :3
    ]


@transaction.atomic
def indications_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for compiled label indications: one ``IndicationText`` per (drug, source, record), replaced when
    the text changes."""
    from rxanswers.drugs.models import IndicationText

    created = unchanged = 0
    for record in records:
        for drug_id in _drug_ids_for_names(record.product_names):
            written = _upsert(
                IndicationText,
                {"drug_id": drug_id, "source": run.source, "record": record.record},
                {"text": record.text, "product_names": ", ".join(record.product_names)[:1000]},
                compared=("text",),
            )
            created, unchanged = created + written, unchanged + (not written)
    return created, unchanged


def _upsert(
    model, lookup: dict, values: dict, *, compared: tuple[str, ...], also: tuple[str, ...] = ()
) -> bool:
    """Create the row, or update its ``compared`` fields (and ``also``) when a compared one differs; True when
    anything was written (an idempotent applier's "new or changed")."""
    row, made = model.objects.get_or_create(**lookup, defaults=values)
    if made:
        return True
    if all(getattr(row, name) == values[name] for name in compared):
        return False
    for name in (*compared, *also):
        setattr(row, name, values[name])
    row.save(update_fields=[*compared, *also])
    return True


@transaction.atomic
def interaction_pairs_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for interaction pair lists: one ``InteractionPair`` per (first drug, second drug, list); a name
    no stored drug matches leaves the pair out (counted as unchanged: it is not an error of the file)."""
    from rxanswers.drugs.models import InteractionPair

    created = unchanged = 0
    ids: dict[str, list[int]] = {}
    for record in records:
        for name in (record.object_name, record.precipitant_name):
            if name not in ids:
                ids[name] = _drug_ids_for_names([name])[:1]
        firsts, seconds = ids[record.object_name], ids[record.precipitant_name]
        if not firsts or not seconds or firsts[0] == seconds[0]:
            unchanged += 1
            continue
        written = _upsert(
            InteractionPair,
            {"first_id": firsts[0], "second_id": seconds[0], "list_name": record.list_name},
            {"severity": record.severity, "record": record.record, "source": run.source},
            compared=("severity", "record"),
        )
        created, unchanged = created + written, unchanged + (not written)
    return created, unchanged


@transaction.atomic
def unii_names_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for FDA substance names: a registered brand name becomes a name (kind ``synonym``) of the stored
    drug made of that substance (``TECARTUS`` -> brexucabtagene autoleucel), so search and lookups find it. Not
    kind ``brand``: the registry holds foreign and historical brands too, and brand lists show US products only.
    A substance no stored drug is made of is left out (counted unchanged: the drug list grows from products
    and labels, not from every registered name)."""
    created = unchanged = 0
    for record in records:
        key, _ = ingredients_key([record.substance])
        drug_id = Drug.objects.filter(key=key).values_list("id", flat=True).first() if key else None
        if drug_id is None:
            unchanged += 1
            continue
        name = brand_display(record.name)
        _, made = DrugName.objects.get_or_create(
            drug_id=drug_id,
            normalized=normalize_name(name)[:500],
            kind=DrugName.Kind.SYNONYM,
            source=run.source,
            defaults={"name": name},
        )
        created, unchanged = created + made, unchanged + (not made)
    return created, unchanged


def brand_display(name: str) -> str:
    """FDA registers brand names in capitals: "TECARTUS" -> "Tecartus" (short all-capital names such as "NS-218"
    stay as they are)."""
    return name.title() if name.isupper() and len(name) > 4 and not any(c.isdigit() for c in name) else name


@transaction.atomic
def drug_for_substance_name(name: str, *, names_file, source: Callable[[], DataSource]) -> Drug | None:
    """The stored drug a brand or substance name names, creating it from the FDA substance names file
    (``names_file``) when no stored drug is made of that substance yet (an editor entering the list price of a
    cell therapy no bundled product file lists). ``source()`` gives the names' ``DataSource`` (called only when
    the name is found). None when the file does not know the name."""
    from pathlib import Path

    from rxanswers.sources import read_unii_names
    from rxanswers.sources.records import SubstanceNameRecord

    wanted = normalize_name(name)
    path = Path(names_file)
    if not wanted or not path.exists():
        return None
    for record in read_unii_names(path):
        if not isinstance(record, SubstanceNameRecord):
            continue
        if wanted not in (normalize_name(record.name), normalize_name(record.substance)):
            continue
        data_source = source()
        drug_id = DrugRegistry().drug_id([record.substance])
        if drug_id is None:
            return None
        drug = Drug.objects.get(id=drug_id)
        for display, kind in (
            (brand_display(record.name), DrugName.Kind.SYNONYM),
            (drug.name, DrugName.Kind.GENERIC),
        ):
            DrugName.objects.get_or_create(
                drug=drug,
                normalized=normalize_name(display)[:500],
                kind=kind,
                source=data_source,
                defaults={"name": display},
            )
        return drug
    return None


@transaction.atomic
def patent_use_codes_apply(records: list, run: IngestRun) -> tuple[int, int]:
    """Applier for patent use codes: one ``PatentUseCode`` per code; a changed definition is updated."""
    from rxanswers.drugs.models import PatentUseCode

    created = unchanged = 0
    for record in records:
        written = _upsert(
            PatentUseCode,
            {"code": record.code},
            {"definition": record.definition, "source": run.source},
            compared=("definition",),
            also=("source",),
        )
        created, unchanged = created + written, unchanged + (not written)
    return created, unchanged
