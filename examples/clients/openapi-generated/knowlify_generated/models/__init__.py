""" Contains all the data models used in inputs/outputs """

from .aspect_ratio import AspectRatio
from .color_palette import ColorPalette
from .create_edit_request import CreateEditRequest
from .create_videos_request import CreateVideosRequest
from .create_videos_response import CreateVideosResponse
from .edit import Edit
from .edit_accepted import EditAccepted
from .edit_accepted_status import EditAcceptedStatus
from .edit_progress import EditProgress
from .edit_result import EditResult
from .edit_result_revert_diff import EditResultRevertDiff
from .edit_reverted import EditReverted
from .edit_reverted_status import EditRevertedStatus
from .edit_status import EditStatus
from .error import Error
from .error_result_row import ErrorResultRow
from .parked_result_row import ParkedResultRow
from .queued_result_row import QueuedResultRow
from .video import Video
from .video_create_item import VideoCreateItem
from .video_progress import VideoProgress
from .video_type import VideoType

__all__ = (
    "AspectRatio",
    "ColorPalette",
    "CreateEditRequest",
    "CreateVideosRequest",
    "CreateVideosResponse",
    "Edit",
    "EditAccepted",
    "EditAcceptedStatus",
    "EditProgress",
    "EditResult",
    "EditResultRevertDiff",
    "EditReverted",
    "EditRevertedStatus",
    "EditStatus",
    "Error",
    "ErrorResultRow",
    "ParkedResultRow",
    "QueuedResultRow",
    "Video",
    "VideoCreateItem",
    "VideoProgress",
    "VideoType",
)
