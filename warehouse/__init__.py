"""The one room that writes and reads pantau's Parquet datasets."""

from warehouse.schemas import DATASETS, Dataset, SchemaError
from warehouse.store import Warehouse

__all__ = ["DATASETS", "Dataset", "SchemaError", "Warehouse"]
