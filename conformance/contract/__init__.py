"""The contract as data: constants, the OpenAPI document and the requirement catalogue."""
