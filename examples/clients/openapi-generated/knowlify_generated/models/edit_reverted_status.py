from enum import StrEnum

class EditRevertedStatus(StrEnum):
    REVERTED = "reverted"

    def __str__(self) -> str:
        return str(self.value)
