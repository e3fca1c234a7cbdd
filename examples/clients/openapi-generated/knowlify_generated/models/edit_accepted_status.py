from enum import StrEnum

class EditAcceptedStatus(StrEnum):
    PROCESSING = "processing"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
