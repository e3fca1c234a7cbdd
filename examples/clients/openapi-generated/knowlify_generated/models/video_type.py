from enum import StrEnum

class VideoType(StrEnum):
    CORPORATE = "corporate"
    EXPLAINER = "explainer"
    INSTRUCTIONAL = "instructional"
    MARKETING = "marketing"
    NARRATIVE = "narrative"
    SOCIAL = "social"

    def __str__(self) -> str:
        return str(self.value)
