from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "rxanswers.answers"
    label = "answers"

    def ready(self) -> None:
        from rxanswers.drugs import brands

        brands.use_english_words(
            english_words
        )  # one loader of the list for question understanding and brands


def english_words() -> frozenset[str]:
    """The English word list question understanding reads (``understanding/name_data.py``), imported when first
    needed: importing question understanding at start-up would cost every process ~0.2 s."""
    from rxanswers.answers.understanding.name_data import _english_words

    return _english_words()[0]
