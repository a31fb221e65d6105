from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "rxanswers.review"
    label = "review"
    verbose_name = "Medical review"

    def ready(self) -> None:
        from rxanswers.labels.signals import label_current_changed
        from rxanswers.review.services import on_label_current_changed

        # A new current label version sends the answers citing that label back for medical review.
        label_current_changed.connect(
            on_label_current_changed, dispatch_uid="review.on_label_current_changed"
        )
