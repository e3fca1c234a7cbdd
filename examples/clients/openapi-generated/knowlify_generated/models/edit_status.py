from enum import StrEnum

class EditStatus(StrEnum):
    APPLYING = "applying"
    COMPLETE = "complete"
    ERROR = "error"
    PROCESSING = "processing"
    QUEUED = "queued"
    REVERTED = "reverted"

    def __str__(self) -> str:
        return str(self.value)
