"""Name normalisation for recognition; the canonical implementation lives in ``rxanswers.core.drugnames``
(shared with the drug store, so drug keys computed at ingest and at question time are identical)."""

from rxanswers.core.drugnames import (  # noqa: F401
    FORM_WORDS,
    SALT_WORDS,
    fold,
    normalise,
    squash,
    strip_salts,
    tokenise,
)
