"""The knowledge graph people navigate: drugs (by active ingredients), their names, classes, products,
applications, patents, exclusivities and NDC listings. Every fact row keeps its DataSource (and so its date).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rxanswers.core.models import DataSource
from rxanswers.labels.models import Label


class Drug(models.Model):
    """A drug as people think of it: one active ingredient or one fixed combination (``imatinib``)."""

    key = models.CharField(max_length=500, unique=True, help_text="normalised ingredients joined by ' / '")
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=500)
    ingredients = models.JSONField(default=list)
    is_combination = models.BooleanField(default=False)
    labels = models.ManyToManyField(Label, through="DrugLabel", related_name="drugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DrugName(models.Model):
    """Every name a drug is known by: the dictionary that search and question understanding use."""

    class Kind(models.TextChoices):
        GENERIC = "generic"
        BRAND = "brand"
        SYNONYM = "synonym"

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=500)
    normalized = models.CharField(max_length=500, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["normalized"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "normalized", "kind", "source"], name="uniq_drug_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class DrugLabel(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE)
    label = models.ForeignKey(Label, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["drug", "label"], name="uniq_drug_label")]

    def __str__(self) -> str:
        return f"{self.drug_id} -> {self.label_id}"


class PharmClass(models.Model):
    """FDA Established Pharmacologic Class and its siblings (MoA, PE, chemical structure)."""

    class Kind(models.TextChoices):
        EPC = "epc", "Established pharmacologic class"
        MOA = "moa", "Mechanism of action"
        PE = "pe", "Physiologic effect"
        CS = "cs", "Chemical structure"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=3, choices=Kind.choices)
    slug = models.SlugField(max_length=320, unique=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="uniq_pharm_class")]

    def __str__(self) -> str:
        return f"{self.name} [{self.kind.upper()}]"


class DrugClass(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="class_links")
    pharm_class = models.ForeignKey(PharmClass, on_delete=models.CASCADE, related_name="drug_links")
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["drug", "pharm_class", "source"], name="uniq_drug_class"),
        ]

    def __str__(self) -> str:
        return f"{self.drug_id} in {self.pharm_class_id}"


class Application(models.Model):
    """An FDA marketing application (Drugs@FDA / Orange Book)."""

    appl_no = models.CharField(max_length=10, unique=True)
    appl_type = models.CharField(max_length=8)  # NDA / ANDA / BLA
    sponsor = models.CharField(max_length=300, blank=True)
    public_notes = models.TextField(blank=True)
    approval_date = models.DateField(
        null=True, blank=True, help_text="original approval (Drugs@FDA Submissions.txt: ORIG, status AP)"
    )
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["appl_no"]

    def __str__(self) -> str:
        return f"{self.appl_type} {self.appl_no}"


class Product(models.Model):
    """A Drugs@FDA product (one strength/form under one application)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="products")
    product_no = models.CharField(max_length=6)
    form = models.CharField(max_length=200)
    strength = models.CharField(max_length=500)
    drug_name = models.CharField(max_length=300)
    active_ingredient = models.CharField(max_length=500)
    reference_drug = models.BooleanField(default=False)
    reference_standard = models.BooleanField(default=False)
    marketing_status = models.CharField(max_length=200, blank=True)
    te_code = models.CharField(max_length=200, blank=True)
    drug = models.ForeignKey(Drug, null=True, blank=True, on_delete=models.SET_NULL, related_name="products")
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")
    # From the Orange Book products file (Drugs@FDA's bundled copy has no Submissions.txt, so no dates).
    approval_date = models.DateField(null=True, blank=True)
    approved_before_1982 = models.BooleanField(default=False)
    approval_source = models.ForeignKey(
        DataSource, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["application_id", "product_no"]
        constraints = [
            models.UniqueConstraint(fields=["application", "product_no"], name="uniq_product"),
        ]

    def __str__(self) -> str:
        return f"{self.drug_name} {self.strength} ({self.application})"


class Patent(models.Model):
    appl_type = models.CharField(max_length=2)
    appl_no = models.CharField(max_length=10, db_index=True)
    product_no = models.CharField(max_length=6)
    patent_no = models.CharField(max_length=20)
    expire_date = models.DateField(null=True, blank=True)
    drug_substance = models.BooleanField(default=False)
    drug_product = models.BooleanField(default=False)
    use_code = models.CharField(max_length=20, blank=True)
    delisted = models.BooleanField(default=False)
    submission_date = models.DateField(null=True, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["appl_no", "product_no", "patent_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["appl_type", "appl_no", "product_no", "patent_no", "use_code"], name="uniq_patent"
            ),
        ]

    def __str__(self) -> str:
        return f"patent {self.patent_no} ({self.appl_type} {self.appl_no}/{self.product_no})"


class PatentUseCode(models.Model):
    """What an Orange Book patent use code means: the approved use a method-of-use patent covers."""

    code = models.CharField(max_length=10, unique=True)
    definition = models.TextField()
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.code}: {self.definition[:60]}"


class Exclusivity(models.Model):
    appl_type = models.CharField(max_length=2)
    appl_no = models.CharField(max_length=10, db_index=True)
    product_no = models.CharField(max_length=6)
    code = models.CharField(max_length=20)
    expire_date = models.DateField(null=True, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["appl_no", "product_no", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["appl_type", "appl_no", "product_no", "code", "expire_date"], name="uniq_exclusivity"
            ),
        ]

    def __str__(self) -> str:
        return f"exclusivity {self.code} ({self.appl_type} {self.appl_no}/{self.product_no})"


class NdcProduct(models.Model):
    product_id = models.CharField(max_length=100, unique=True)
    product_ndc = models.CharField(max_length=20, db_index=True)
    product_type = models.CharField(max_length=100)
    proprietary_name = models.CharField(max_length=500, blank=True)
    proprietary_suffix = models.CharField(max_length=300, blank=True)
    nonproprietary_name = models.CharField(max_length=1000, blank=True)
    dosage_form = models.CharField(max_length=200, blank=True)
    route = models.CharField(max_length=300, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    marketing_category = models.CharField(max_length=100, blank=True)
    application_number = models.CharField(max_length=30, blank=True, db_index=True)
    labeler = models.CharField(max_length=300, blank=True)
    substances = models.JSONField(default=list)
    strengths = models.JSONField(default=list)
    pharm_classes = models.JSONField(default=dict)
    dea_schedule = models.CharField(max_length=10, blank=True)
    drug = models.ForeignKey(
        Drug, null=True, blank=True, on_delete=models.SET_NULL, related_name="ndc_products"
    )
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["product_ndc"]

    def __str__(self) -> str:
        return f"{self.proprietary_name or self.nonproprietary_name} ({self.product_ndc})"


class NdcPackage(models.Model):
    package_ndc = models.CharField(max_length=20)
    product_id = models.CharField(max_length=100, db_index=True)
    product_ndc = models.CharField(max_length=20, db_index=True)
    description = models.TextField()
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    sample = models.BooleanField(default=False)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["package_ndc"]
        constraints = [
            models.UniqueConstraint(fields=["product_id", "package_ndc"], name="uniq_ndc_package"),
        ]

    def __str__(self) -> str:
        return self.package_ndc


class DrugPrice(models.Model):
    """A CMS NADAC price: what retail pharmacies pay on average per unit of one package NDC, from a date.

    History is kept: a new effective date adds a row, an existing (NDC, effective date) row is never re-priced.
    ``as_of_date`` is the newest weekly file seen listing the row. ``drug`` comes from the NDC directory
    (package NDC -> product -> drug) and is null when the NDC is not in the loaded directory.
    """

    class Kind(models.TextChoices):
        BRAND = "B", "Brand"
        GENERIC = "G", "Generic"
        UNKNOWN = "", "Not classified"

    ndc = models.CharField(max_length=11, help_text="11-digit package NDC (5-4-2), no dashes")
    drug = models.ForeignKey(Drug, null=True, blank=True, on_delete=models.SET_NULL, related_name="prices")
    description = models.CharField(max_length=300)
    price_per_unit = models.DecimalField(max_digits=15, decimal_places=5, help_text="US dollars per unit")
    unit = models.CharField(max_length=2, help_text="EA / ML / GM")
    effective_date = models.DateField()
    as_of_date = models.DateField(null=True, blank=True)
    brand_or_generic = models.CharField(max_length=1, choices=Kind.choices, blank=True)
    classification = models.CharField(max_length=10, blank=True, help_text="B / G / B-ANDA as published")
    otc = models.BooleanField(default=False)
    pharmacy_type = models.CharField(max_length=10, blank=True)
    explanation_code = models.CharField(max_length=50, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ndc", "-effective_date"]
        constraints = [
            models.UniqueConstraint(fields=["ndc", "effective_date"], name="uniq_drug_price"),
        ]

    def __str__(self) -> str:
        return f"{self.ndc} ${self.price_per_unit}/{self.unit} from {self.effective_date}"


class ListPrice(models.Model):
    """A list price no public file covers (a cell therapy's price per infusion), entered by an editor with its
    source and as-of date and shown only once a medical reviewer approves it (``review/price_services.py``;
    every step is in the audit log). Never estimated: amount, unit and source are as the source states them."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="list_prices")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    unit = models.CharField(
        max_length=100, help_text='what the amount buys: "one infusion", "a 30-day supply"'
    )
    as_of = models.DateField(help_text="the date the source gives for this price")
    source_url = models.URLField(max_length=500)
    source_name = models.CharField(max_length=200, help_text="who publishes it (the maker, a payer, ...)")
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the editor who entered it",
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["drug__name", "-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.drug_id}: {self.currency} {self.amount} per {self.unit} as of {self.as_of}"


class BiologicProduct(models.Model):
    """An FDA Purple Book listing: one licensed biological product (BLA number + product number).

    ``pathway`` "351(a)" is a stand-alone BLA; "351(k)" a biosimilar (``interchangeable`` when FDA found it
    interchangeable) to the reference product named in ``ref_proper_name`` / ``ref_proprietary_name``, whose
    application is ``reference_application`` once that listing is loaded. ``drug`` is the drug of the proper
    name; a biosimilar whose proper name is the reference's plus FDA's four-letter suffix ("adalimumab-atto")
    belongs to the reference's drug (adalimumab). ``product`` is the Drugs@FDA-style ``Product`` row of the same
    BLA and product number (created from the Purple Book when missing). A newer monthly file updates the row.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="biologics")
    product_no = models.CharField(max_length=6)
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="biologic_listings"
    )
    drug = models.ForeignKey(Drug, null=True, blank=True, on_delete=models.SET_NULL, related_name="biologics")
    reference_application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="biosimilar_listings"
    )
    applicant = models.CharField(max_length=300, blank=True)
    proprietary_name = models.CharField(max_length=300, blank=True)
    proper_name = models.CharField(max_length=500)
    license_type = models.CharField(max_length=40, help_text="as published, e.g. '351(k) Biosimilar'")
    pathway = models.CharField(max_length=8, help_text="351(a) / 351(k)")
    interchangeable = models.BooleanField(default=False)
    strength = models.CharField(max_length=500, blank=True)
    dosage_form = models.CharField(max_length=200, blank=True)
    route = models.CharField(max_length=200, blank=True)
    product_presentation = models.CharField(max_length=300, blank=True)
    marketing_status = models.CharField(max_length=40, blank=True, help_text="Rx / OTC / Disc, as published")
    licensure = models.CharField(max_length=40, blank=True)
    approval_date = models.DateField(null=True, blank=True)
    interchangeable_approval_date = models.DateField(null=True, blank=True)
    ref_proper_name = models.CharField(max_length=500, blank=True)
    ref_proprietary_name = models.CharField(max_length=300, blank=True)
    supplement_number = models.CharField(max_length=40, blank=True)
    submission_type = models.CharField(max_length=100, blank=True)
    license_number = models.CharField(max_length=40, blank=True)
    center = models.CharField(max_length=10, blank=True)
    first_licensure_date = models.DateField(null=True, blank=True)
    exclusivity_expiration_date = models.DateField(null=True, blank=True)
    first_interchangeable_exclusivity_date = models.DateField(null=True, blank=True)
    first_interchangeable_exclusivity_tbd = models.BooleanField(default=False)
    ref_product_exclusivity_date = models.DateField(null=True, blank=True)
    orphan_exclusivity_date = models.DateField(null=True, blank=True)
    patent_list_provided = models.BooleanField(null=True, blank=True)
    change_code = models.CharField(max_length=4, blank=True, help_text="N/R/U of the month's changes")
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application_id", "product_no"]
        constraints = [
            models.UniqueConstraint(fields=["application", "product_no"], name="uniq_biologic_product"),
        ]

    def __str__(self) -> str:
        return f"{self.proprietary_name or self.proper_name} ({self.pathway}, BLA {self.application_id})"


class IndicationText(models.Model):
    """What a drug is used for, as FDA labeling states it, from a source that compiles label indications
    without the label itself (no set id or version: the source and its snapshot date are the provenance).
    One row per (drug, source, record); ``text`` is the label wording, sentence per line."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="indication_texts")
    record = models.CharField(max_length=200)  # the source's own key (a UNII for MedRecPro)
    product_names = models.CharField(max_length=1000, blank=True)
    text = models.TextField()
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["drug", "source", "record"], name="uniq_indication_text_record")
        ]

    def __str__(self) -> str:
        return f"{self.drug_id}: {self.record}"


class InteractionPair(models.Model):
    """Two drugs a public interaction list names together (the VA National Drug File, the ONC lists): the
    list, its severity and its own wording are the provenance. Pairs only; explanations come from labels."""

    first = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="+")  # the list's "object"
    second = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="+")  # its "precipitant"
    list_name = models.CharField(max_length=40)  # NDF-RT, ONC-HighPriority, ONC-NonInteruptive
    severity = models.CharField(max_length=40, blank=True)  # Critical / Significant (NDF-RT only)
    record = models.CharField(max_length=300)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second", "list_name"], name="uniq_interaction_pair_list"
            )
        ]
        indexes = [models.Index(fields=["second", "first"])]

    def __str__(self) -> str:
        return f"{self.first_id} + {self.second_id} ({self.list_name})"
