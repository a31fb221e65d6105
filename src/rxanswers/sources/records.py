"""Plain records that readers yield: the contract between file formats and the database.

Readers (one module per published format) yield these dataclasses, or a ``RecordError`` for a record
that could not be read. Readers know nothing about Django; ingest services know nothing about formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class RecordError:
    """A bad record: where it is and why it was rejected. Ingest reports it and carries on."""

    file: str
    position: str  # e.g. "record 12", "line 40", "byte 1893", "document"
    reason: str

    def __str__(self) -> str:
        return f"{self.file} [{self.position}]: {self.reason}"


@dataclass(slots=True)
class SectionRecord:
    """One label section. ``key`` is the openFDA field name (e.g. ``mechanism_of_action``)."""

    key: str
    text: str
    title: str = ""
    loinc: str = ""
    order: int = 0


@dataclass(slots=True)
class LabelRecord:
    """One version of one SPL label, whatever format it came from."""

    set_id: str
    source: str  # reader key, e.g. "openfda_json", "spl_xml", "pharma_rag"
    source_file: str
    position: str
    spl_id: str = ""  # the SPL document id of this version (openFDA "id")
    version: int | None = None
    effective_date: date | None = None
    title: str = ""
    brand_names: list[str] = field(default_factory=list)
    generic_names: list[str] = field(default_factory=list)
    substance_names: list[str] = field(default_factory=list)
    manufacturer: str = ""
    product_type: str = ""  # "HUMAN PRESCRIPTION DRUG" / "HUMAN OTC DRUG" / ...
    routes: list[str] = field(default_factory=list)
    dosage_forms: list[str] = field(default_factory=list)
    application_numbers: list[str] = field(default_factory=list)  # "NDA021588", "ANDA078340", "BLA761040"
    rxcuis: list[str] = field(default_factory=list)
    uniis: list[str] = field(default_factory=list)
    package_ndcs: list[str] = field(default_factory=list)
    pharm_classes: dict[str, list[str]] = field(default_factory=dict)  # {"epc": [...], "moa": [...], ...}
    sections: list[SectionRecord] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # provenance caveats (e.g. "ingredient mapping unverified")


# --- tabular product data -------------------------------------------------------------------------


@dataclass(slots=True)
class ApplicationRecord:
    """Drugs@FDA Applications.txt row."""

    appl_no: str  # zero-padded 6 digits, as published
    appl_type: str  # NDA / ANDA / BLA
    sponsor: str
    public_notes: str = ""


@dataclass(slots=True)
class SubmissionRecord:
    """Drugs@FDA Submissions.txt row: one submission of an application and its status (AP = approved)."""

    appl_no: str
    submission_type: str  # ORIG (the original application) / SUPPL
    submission_no: str
    status: str  # AP, TA (tentative approval), ...
    status_date: date | None
    review_priority: str = ""


@dataclass(slots=True)
class ProductRecord:
    """Drugs@FDA Products.txt row joined with its marketing status and TE code."""

    appl_no: str
    product_no: str
    form: str  # "TABLET;ORAL"
    strength: str
    drug_name: str  # brand (or generic for ANDAs)
    active_ingredient: str  # "IMATINIB MESYLATE"; combinations joined by "; "
    reference_drug: bool
    reference_standard: bool
    marketing_status: str = ""  # Prescription / Over-the-counter / Discontinued / None (Tentative Approval)
    te_code: str = ""


@dataclass(slots=True)
class PatentRecord:
    """Orange Book patent.txt row."""

    appl_type: str  # N / A
    appl_no: str
    product_no: str
    patent_no: str
    expire_date: date | None
    drug_substance: bool
    drug_product: bool
    use_code: str
    delisted: bool
    submission_date: date | None = None


@dataclass(slots=True)
class ExclusivityRecord:
    """Orange Book exclusivity.txt row."""

    appl_type: str
    appl_no: str
    product_no: str
    code: str
    expire_date: date | None


@dataclass(slots=True)
class NdcProductRecord:
    """NDC directory product.txt row."""

    product_id: str
    product_ndc: str
    product_type: str
    proprietary_name: str
    proprietary_suffix: str
    nonproprietary_name: str
    dosage_form: str
    route: str
    start_date: date | None
    end_date: date | None
    marketing_category: str
    application_number: str  # "NDA021588" / "ANDA..." / "BLA..." / ""
    labeler: str
    substances: list[str]
    strengths: list[str]  # "400 mg/1" per substance, aligned with ``substances``
    pharm_classes: dict[str, list[str]]  # {"epc": [...], "moa": [...], "pe": [...], "cs": [...]}
    dea_schedule: str = ""


@dataclass(slots=True)
class NdcPackageRecord:
    """NDC directory package.txt row."""

    product_id: str
    product_ndc: str
    package_ndc: str
    description: str
    start_date: date | None = None
    end_date: date | None = None
    sample: bool = False


@dataclass(slots=True)
class OrangeBookProductRecord:
    """Orange Book products.txt row: Ingredient~DF;Route~Trade_Name~Applicant~Strength~Appl_Type~Appl_No~
    Product_No~TE_Code~Approval_Date~RLD~RS~Type~Applicant_Full_Name."""

    appl_type: str  # N / A
    appl_no: str
    product_no: str
    ingredient: str  # "IMATINIB MESYLATE"; combinations joined by "; "
    dosage_form_route: str  # "TABLET;ORAL"
    trade_name: str
    applicant: str  # short name, e.g. "NOVARTIS"
    applicant_full_name: str
    strength: str
    te_code: str
    approval_date: date | None  # None when approved before 1982-01-01 (see ``approved_before_1982``)
    reference_drug: bool  # RLD "Yes"
    reference_standard: bool  # RS "Yes"
    market_type: str  # Type: "RX" / "OTC" / "DISCN"
    approved_before_1982: bool = False  # "Approved Prior to Jan 1, 1982"


@dataclass(slots=True)
class NadacPriceRecord:
    """CMS NADAC (National Average Drug Acquisition Cost) row: what retail pharmacies pay per unit for one NDC.

    Not a retail price: NADAC is a survey of pharmacy invoice (acquisition) costs.
    """

    ndc: str  # 11 digits, no dashes (5-4-2), as CMS publishes it
    description: str  # "NDC Description", e.g. "METFORMIN HCL 500 MG TABLET"
    price_per_unit: Decimal  # "NADAC Per Unit", US dollars
    pricing_unit: str  # EA / ML / GM
    effective_date: date
    as_of_date: date | None  # the weekly file the row comes from
    otc: bool
    brand_or_generic: str  # "B" / "G" ("Classification for Rate Setting"; "B-ANDA" counts as "B"), or ""
    pharmacy_type: str = ""  # "Pharmacy Type Indicator", e.g. "C/I" (chain/independent)
    classification: str = ""  # the raw "Classification for Rate Setting" ("B", "G", "B-ANDA")
    explanation_code: str = ""  # "Explanation Code", e.g. "1", "4, 5"
    generic_price_per_unit: Decimal | None = None  # "Corresponding Generic Drug NADAC Per Unit" (brand rows)
    generic_effective_date: date | None = None  # "Corresponding Generic Drug Effective Date"


@dataclass(slots=True)
class PurpleBookProductRecord:
    """FDA Purple Book data download row: one licensed biological product (BLA number + product number).

    ``pathway`` is "351(a)" (stand-alone BLA) or "351(k)" (biosimilar / interchangeable to a reference product,
    named by ``ref_proper_name`` / ``ref_proprietary_name``). Empty or "N/A" cells are "" / None.
    """

    bla_number: str  # zero-padded 6 digits, as Drugs@FDA numbers applications
    product_no: str  # zero-padded 3 digits
    applicant: str
    proprietary_name: str  # brand, e.g. "Besponsa"
    proper_name: str  # nonproprietary name, e.g. "inotuzumab ozogamicin", "adalimumab-atto"
    license_type: str  # as published: "351(a)", "351(k) Biosimilar", "351(k) Interchangeable"
    pathway: str  # "351(a)" / "351(k)"
    interchangeable: bool
    strength: str = ""
    dosage_form: str = ""
    route: str = ""
    product_presentation: str = ""
    marketing_status: str = ""  # "Rx" / "OTC" / "Disc" (as published)
    licensure: str = ""  # "Licensed" / "Revoked" / ...
    approval_date: date | None = None
    interchangeable_approval_date: date | None = None  # "Inter. Approval Date" (newer files)
    ref_proper_name: str = ""
    ref_proprietary_name: str = ""
    supplement_number: str = ""
    submission_type: str = ""
    license_number: str = ""
    center: str = ""  # CDER / CBER
    first_licensure_date: date | None = None  # "Date of First Licensure"
    exclusivity_expiration_date: date | None = None
    first_interchangeable_exclusivity_date: date | None = None
    first_interchangeable_exclusivity_tbd: bool = False  # published as "Date TBD"
    ref_product_exclusivity_date: date | None = None
    orphan_exclusivity_date: date | None = None
    patent_list_provided: bool | None = (
        None  # "Patent List Provided" (newer files); None when not in the file
    )
    change_code: str = ""  # "N/R/U": newly approved / added in this release / updated, or ""
    report_month: date | None = None  # first day of the month named in the file's title line


@dataclass(frozen=True, slots=True)
class IndicationRecord:
    """Label indication text compiled per ingredient (no label behind it: the source is the provenance)."""

    record: str  # the source's key (a UNII)
    product_names: list[str]  # brand and generic names as the source lists them
    text: str  # indication sentences, one per line
    file: str
    position: str


@dataclass(frozen=True, slots=True)
class PatentUseCodeRecord:
    """What an Orange Book patent use code means ("U-3" -> "TREATMENT OF HYPERTENSION")."""

    code: str
    definition: str
    file: str
    position: str


@dataclass(frozen=True, slots=True)
class SubstanceNameRecord:
    """A name of an FDA-registered substance (a brand name, for now) and the substance it names."""

    name: str  # "TECARTUS"
    kind: str  # "bn" (brand name)
    unii: str  # "4MD2J2T8SJ"
    substance: str  # the substance's display name, "BREXUCABTAGENE AUTOLEUCEL"
    file: str
    position: str


@dataclass(frozen=True, slots=True)
class InteractionPairRecord:
    """Two medicines listed together as a drug-drug interaction by a public list (no explanation text)."""

    object_name: str  # the drug affected, as the list names it
    precipitant_name: str  # the drug that causes the effect
    list_name: str  # "NDF-RT", "ONC-HighPriority", "ONC-NonInteruptive"
    severity: str  # "Critical" / "Significant" (NDF-RT), "" for the ONC lists
    record: str  # the list's own wording of the pair ("AMILORIDE/IRBESARTAN [VA Drug Interaction]") or ids
    file: str
    position: str
