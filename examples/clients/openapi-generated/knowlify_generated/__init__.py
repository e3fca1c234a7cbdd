
""" A client library for accessing Knowlify Video API v1 (conformance reading) """
from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
