"""Sync ERPNext Items to Wix Stores through RabbitMQ."""

__version__ = "0.1.0"
