"""Writes to the drug knowledge graph: drugs and their names, classes, products, patents and NDC listings.

Appliers take a batch of reader records and are idempotent (unique constraints + upserts), so the ingest
runner can replay a batch after a crash. Tabular facts are upserted: a newer snapshot of Drugs@FDA updates
the row and its source (and so the date shown). Label text is never edited here: it lives in ``labels``.

One module per kind of source; this module re-exports their public names, so callers import from one place:

- ``drug_services`` -- drugs, names, classes and label links (``DrugRegistry``, ``label_records_apply``);
- ``fda_services`` -- Drugs@FDA and the Orange Book;
- ``ndc_services`` -- the NDC directory and CMS NADAC prices;
- ``biologic_services`` -- the FDA Purple Book;
- ``compiled_services`` -- compiled lists: label indications, interaction pairs, substance names, patent use codes.
"""

from __future__ import annotations

from rxanswers.drugs.biologic_services import (
    PURPLEBOOK_MARKETING,
    biologic_drug_name,
    biologic_ingredients,
    purplebook_apply,
    purplebook_marketing_status,
)
from rxanswers.drugs.compiled_services import (
    brand_display,
    drug_for_substance_name,
    indications_apply,
    interaction_pairs_apply,
    patent_use_codes_apply,
    unii_names_apply,
)
from rxanswers.drugs.drug_services import (
    MAX_INGREDIENTS_FOR_DRUG,
    DrugRegistry,
    drugs_link_label_versions,
    label_ingredients,
    label_records_apply,
    registry_for,
)
from rxanswers.drugs.fda_services import drugsatfda_apply, orangebook_apply
from rxanswers.drugs.ndc_services import (
    NDC_CATEGORIES_WITHOUT_DRUG,
    nadac_apply,
    nadac_drug_ids,
    nadac_unlinked_count,
    ndc11,
    ndc_apply,
)

__all__ = [
    "MAX_INGREDIENTS_FOR_DRUG",
    "NDC_CATEGORIES_WITHOUT_DRUG",
    "PURPLEBOOK_MARKETING",
    "DrugRegistry",
    "biologic_drug_name",
    "biologic_ingredients",
    "brand_display",
    "drug_for_substance_name",
    "drugs_link_label_versions",
    "drugsatfda_apply",
    "indications_apply",
    "interaction_pairs_apply",
    "label_ingredients",
    "label_records_apply",
    "nadac_apply",
    "nadac_drug_ids",
    "nadac_unlinked_count",
    "ndc11",
    "ndc_apply",
    "orangebook_apply",
    "patent_use_codes_apply",
    "purplebook_apply",
    "purplebook_marketing_status",
    "registry_for",
    "unii_names_apply",
]
